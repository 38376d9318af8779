"""Two partner managers deciding one request at the same moment (PostgreSQL row locks):
exactly one key, one success row, and the loser told the request is already decided."""

import pytest

from audit.models import AuditEvent
from kernel.actors import Actor
from kernel.errors import PmsError
from kernel.roles import Role
from partners import services
from partners.models import ApiKeyRequest, PartnerApiKey, RequestStatus
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory, PolicyGroupFactory
from tests.support.api import run_together
from tests.support.users import make_user

from .factories import make_partner

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _actor(name):
    return Actor(username=name, roles=frozenset({Role.PARTNER_ADMIN}), user=make_user(name, ["PARTNER_ADMIN"]))


def test_two_concurrent_approvals_make_exactly_one_key():
    group = PolicyGroupFactory(name="Banking")
    policy = PolicyFactory(policy_group=group, status=PolicyStatus.PUBLISHED)
    request = ApiKeyRequest.objects.create(partner=make_partner(group=group), policy=policy, use_case="x")
    first, second = _actor("m1"), _actor("m2")
    outcomes = run_together(
        lambda: services.decide_api_key_request(actor=first, request_id=request.id, approve=True),
        lambda: services.decide_api_key_request(actor=second, request_id=request.id, approve=True),
    )
    errors = [o for o in outcomes if isinstance(o, PmsError)]
    assert len(errors) == 1 and errors[0].code == "PMS_COR_002" and "already Approved" in errors[0].message
    assert PartnerApiKey.objects.count() == 1
    assert ApiKeyRequest.objects.get(pk=request.id).status == RequestStatus.APPROVED
    assert AuditEvent.objects.filter(event_key="partner.apikey.approve.success").count() == 1
    assert AuditEvent.objects.filter(event_key="partner.apikey.decide.failure").count() == 1


def test_an_approval_racing_a_rejection_leaves_one_decision():
    group = PolicyGroupFactory(name="Banking")
    policy = PolicyFactory(policy_group=group, status=PolicyStatus.PUBLISHED)
    request = ApiKeyRequest.objects.create(partner=make_partner(group=group), policy=policy, use_case="x")
    outcomes = run_together(
        lambda: services.decide_api_key_request(actor=_actor("m1"), request_id=request.id, approve=True),
        lambda: services.decide_api_key_request(actor=_actor("m2"), request_id=request.id, approve=False),
    )
    assert len([o for o in outcomes if isinstance(o, PmsError)]) == 1
    final = ApiKeyRequest.objects.get(pk=request.id).status
    assert PartnerApiKey.objects.count() == (1 if final == RequestStatus.APPROVED else 0)


def test_managers_toggling_partners_of_one_group_at_once_keep_the_tally_without_deadlock():
    """Each toggle moves a partner between two tally rows; half go one way, half the other.
    The triggers take the rows in key order, so no pair of toggles deadlocks."""
    from partners.models import Partner, PartnerTally

    group = PolicyGroupFactory(name="Banking")
    on = [make_partner(name=f"On {n}", group=group) for n in range(3)]
    off = [make_partner(name=f"Off {n}", group=group, is_active=False) for n in range(3)]
    actors = [_actor(f"m{n}") for n in range(6)]
    for _round in range(3):
        calls = [lambda p=p, a=a: services.set_partner_active(actor=a, partner_id=p.pk, active=False)
                 for p, a in zip(on, actors[:3], strict=True)]
        calls += [lambda p=p, a=a: services.set_partner_active(actor=a, partner_id=p.pk, active=True)
                  for p, a in zip(off, actors[3:], strict=True)]
        outcomes = run_together(*calls)
        assert all(isinstance(o, Partner) for o in outcomes), outcomes
        on, off = off, on
    tally = {t.is_active: t.partners for t in PartnerTally.objects.filter(policy_group_key=group.pk)}
    assert tally == {True: Partner.objects.filter(is_active=True).count(),
                     False: Partner.objects.filter(is_active=False).count()} == {True: 3, False: 3}
