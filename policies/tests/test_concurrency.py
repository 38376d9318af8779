"""Two managers acting at the same moment (PostgreSQL: real row locks and constraints)."""

import pytest

from audit.models import AuditEvent
from kernel.actors import Actor
from kernel.errors import PmsError
from kernel.roles import Role
from policies import services
from policies.models import Policy, PolicyGroup, PolicyStatus
from tests.support.api import run_together
from tests.support.users import make_user

from .factories import PolicyFactory, PolicyGroupFactory, auth_document

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def admin_actor(name="root"):
    return Actor(username=name, roles=frozenset({Role.PARTNER_ADMIN}), user=make_user(name, ["PARTNER_ADMIN"]))


def test_two_concurrent_publishes_publish_once():
    group = PolicyGroupFactory(name="Banking")
    policy = PolicyFactory(policy_group=group)
    actor = admin_actor()
    publish = lambda: services.publish_policy(actor=actor, policy_group_id=group.id, policy_id=policy.id)  # noqa: E731
    outcomes = run_together(publish, publish)
    errors = [o for o in outcomes if isinstance(o, PmsError)]
    assert len(errors) == 1 and errors[0].code == "PMS_POL_020"
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.PUBLISHED
    assert policy.history.filter(status=PolicyStatus.PUBLISHED).count() == 1
    assert AuditEvent.objects.filter(event_id="PMS_PRT_483", ref_id=policy.id).count() == 1


def test_two_concurrent_creates_of_one_name_create_one_policy():
    PolicyGroupFactory(name="Banking")
    actor = admin_actor()

    def create():
        return services.create_policy(actor=actor, name="Same", description="d", document=auth_document(),
                                      policy_group_name="Banking", policy_type="Auth")

    outcomes = run_together(create, create)
    errors = [o for o in outcomes if isinstance(o, PmsError)]
    assert len(errors) == 1 and errors[0].code == "PMS_POL_004"
    assert Policy.objects.filter(name="Same").count() == 1


def test_two_concurrent_group_creates_of_one_name_create_one_group():
    actor = admin_actor()
    create = lambda: services.create_policy_group(name="Insurance", description="d", actor=actor)  # noqa: E731
    outcomes = run_together(create, create)
    errors = [o for o in outcomes if isinstance(o, PmsError)]
    assert len(errors) == 1 and errors[0].code == "PMS_POL_014"
    assert PolicyGroup.objects.filter(name="Insurance").count() == 1


# --- MOSIP 1.2 routes (policies.services.policies12 / groups12) ----------------------------

def test_two_concurrent_1_2_publishes_publish_once():
    from policies.services import policies12

    group = PolicyGroupFactory(name="Banking")
    policy = PolicyFactory(policy_group=group)
    actor = admin_actor()
    publish = lambda: policies12.publish_policy_12(actor=actor, policy_id=policy.id, group_id=group.id)  # noqa: E731
    outcomes = run_together(publish, publish)
    errors = [o for o in outcomes if isinstance(o, PmsError)]
    assert len(errors) == 1 and errors[0].code == "PMS_POL_020"
    assert Policy.objects.get(pk=policy.pk).history.filter(status=PolicyStatus.PUBLISHED).count() == 1


def test_two_concurrent_1_2_deactivations_deactivate_once():
    from policies.services import policies12

    policy = PolicyFactory(policy_group=PolicyGroupFactory(name="Banking"), status=PolicyStatus.PUBLISHED)
    actor = admin_actor()
    deactivate = lambda: policies12.deactivate_policy_12(actor=actor, policy_id=policy.id, status="De-Activate")  # noqa: E731
    outcomes = run_together(deactivate, deactivate)
    errors = [o for o in outcomes if isinstance(o, PmsError)]
    assert len(errors) == 1 and errors[0].code == "PMS_POL_062"
    assert Policy.objects.get(pk=policy.pk).history.filter(status=PolicyStatus.DEACTIVATED).count() == 1


def test_a_group_deactivated_while_a_policy_is_created_in_it_never_holds_a_draft_unseen():
    """R45 and R51 lock the group: either the draft exists and R45 refuses it (PMS_POL_070),
    or the group is inactive and R51 refuses (PMS_POL_053)."""
    from policies.services import groups12, policies12

    group = PolicyGroupFactory(name="Banking")
    actor = admin_actor()

    def create():
        return policies12.create_policy_12(actor=actor, group_name="Banking", policy_type="Auth", name="Draft",
                                           description="d", version="1.0", document=auth_document())

    def deactivate():
        return groups12.deactivate_policy_group_12(group_id=group.id, status="De-Activate", actor=actor)

    outcomes = run_together(create, deactivate)
    codes = sorted(o.code for o in outcomes if isinstance(o, PmsError))
    group.refresh_from_db()
    if group.is_active:
        assert codes == ["PMS_POL_070"] and Policy.objects.filter(policy_group=group).count() == 1
    else:
        assert codes == ["PMS_POL_053"] and not Policy.objects.filter(policy_group=group).exists()
