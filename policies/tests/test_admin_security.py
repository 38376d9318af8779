"""Attacks on the admin as a policy manager of another group (hardening issue, findings 1
and 2): history pages, the revert form, filters and choice fields stay inside the caller's
scope, and the mapping service refuses anyone but a partner admin."""

import pytest
from django.test import Client

from audit.models import AuditEvent
from kernel.actors import Actor
from kernel.errors import PmsError
from kernel.roles import Role
from policies import services
from policies.models import ManagerGroupMapping, Policy, PolicyStatus

from .factories import PolicyFactory, make_manager

pytestmark = pytest.mark.django_db


@pytest.fixture
def intruder(banking):
    """A staff policy manager of Banking, attacking Telecom."""
    user = make_manager("pm-intruder", groups=[banking])
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def intruder_browser(intruder):
    client = Client()
    client.force_login(intruder)
    return client


@pytest.fixture
def telecom_policy(telecom):
    policy = PolicyFactory(policy_group=telecom, name="Telecom secret", description="TOP-SECRET-DESCRIPTION")
    policy.save()  # a second history row
    return policy


def _history_id(instance) -> int:
    return instance.history.latest("history_date").history_id


def test_manager_cannot_map_himself_through_the_service(intruder, telecom):
    actor = Actor(username=intruder.username, roles=frozenset({Role.POLICYMANAGER}), user=intruder)
    with pytest.raises(PmsError) as refused:
        services.map_manager_to_groups(username=intruder.username, group_names=["Telecom"], actor=actor)
    assert refused.value.code == "KER-ATH-403"
    assert not ManagerGroupMapping.objects.filter(user=intruder, policy_group=telecom).exists()
    row = AuditEvent.objects.filter(event_key="policy.group.update.failure", session_user_id=intruder.username).get()
    assert "KER-ATH-403" in row.description


def test_revert_form_refuses_a_post_and_changes_nothing(intruder_browser, intruder, banking, telecom):
    own = ManagerGroupMapping.objects.get(user=intruder, policy_group=banking)
    url = f"/admin/policies/managergroupmapping/{own.pk}/history/{_history_id(own)}/"
    assert intruder_browser.get(url).status_code == 200  # reading his own mapping's history is fine
    answer = intruder_browser.post(url, {"user": intruder.pk, "policy_group": telecom.pk})
    assert answer.status_code in (403, 405)
    assert not ManagerGroupMapping.objects.filter(user=intruder, policy_group=telecom).exists()
    assert AuditEvent.objects.filter(event_key="auth.access.denied", session_user_id=intruder.username).exists()


def test_revert_form_of_a_policy_refuses_a_post(intruder_browser, banking):
    mine = PolicyFactory(policy_group=banking, name="Mine", status=PolicyStatus.DRAFT)
    url = f"/admin/policies/policy/{mine.pk}/history/{_history_id(mine)}/"
    answer = intruder_browser.post(url, {"name": "Renamed by revert", "description": "x"})
    assert answer.status_code in (403, 405)
    assert Policy.objects.get(pk=mine.pk).name == "Mine"


@pytest.mark.parametrize("page", ["history/", "history/{hid}/"])
def test_history_of_another_groups_policy_is_not_found(intruder_browser, telecom_policy, page):
    url = f"/admin/policies/policy/{telecom_policy.pk}/" + page.format(hid=_history_id(telecom_policy))
    answer = intruder_browser.get(url)
    assert answer.status_code == 404
    assert b"TOP-SECRET-DESCRIPTION" not in answer.content


@pytest.mark.parametrize("page", ["history/", "history/{hid}/"])
def test_history_of_another_group_is_not_found(intruder_browser, telecom, page):
    url = f"/admin/policies/policygroup/{telecom.pk}/" + page.format(hid=_history_id(telecom))
    assert intruder_browser.get(url).status_code == 404


@pytest.mark.parametrize("page", ["history/", "history/{hid}/"])
def test_history_of_another_managers_mapping_is_not_found(intruder_browser, telecom, page):
    other = make_manager("pm-telecom", groups=[telecom])
    mapping = ManagerGroupMapping.objects.get(user=other)
    answer = intruder_browser.get(f"/admin/policies/managergroupmapping/{mapping.pk}/" + page.format(hid=_history_id(mapping)))
    assert answer.status_code == 404
    assert b"pm-telecom" not in answer.content


def test_history_of_a_deleted_mapping_is_not_shown_to_managers(intruder_browser, telecom):
    other = make_manager("pm-gone", groups=[telecom])
    mapping = ManagerGroupMapping.objects.get(user=other)
    pk = mapping.pk
    services.unmap_manager_from_group(mapping_id=pk, actor=Actor.system("test"))
    assert intruder_browser.get(f"/admin/policies/managergroupmapping/{pk}/history/").status_code == 404


def test_list_filters_offer_only_the_managers_groups(intruder_browser, banking, telecom_policy):
    PolicyFactory(policy_group=banking, name="Mine")
    page = intruder_browser.get("/admin/policies/policy/").content.decode()
    assert "Banking" in page and "Telecom" not in page
    mappings = intruder_browser.get("/admin/policies/managergroupmapping/").content.decode()
    assert "Telecom" not in mappings


def test_a_filter_on_another_group_shows_nothing_of_it(intruder_browser, telecom, telecom_policy):
    answer = intruder_browser.get(f"/admin/policies/policy/?policy_group__id__exact={telecom.pk}")
    assert b"Telecom secret" not in answer.content


def test_mapping_form_offers_only_managers(banking, telecom):
    make_manager("pm-candidate", groups=[banking])
    from tests.support.users import make_user

    make_user("a-partner", ["PARTNER"])
    admin = make_user("root", ["PARTNER_ADMIN"])
    admin.is_staff = True
    admin.save()
    client = Client()
    client.force_login(admin)
    page = client.get("/admin/policies/managergroupmapping/add/").content.decode()
    assert "pm-candidate" in page and "a-partner" not in page


def test_partner_admin_still_reads_any_history(banking, telecom_policy):
    from tests.support.users import make_user

    admin = make_user("root", ["PARTNER_ADMIN"])
    admin.is_staff = True
    admin.save()
    client = Client()
    client.force_login(admin)
    answer = client.get(f"/admin/policies/policy/{telecom_policy.pk}/history/")
    assert answer.status_code == 200 and b"Telecom secret" in answer.content
