import pytest

from audit.models import AuditEvent
from policies.models import ManagerGroupMapping, PolicyGroup, PolicyStatus
from tests.support.api import PmsApi, assert_error, assert_ok

from .conftest import DOUBLED
from .factories import PolicyFactory, PolicyGroupFactory

pytestmark = pytest.mark.django_db


def test_manager_creates_a_group_and_is_mapped_to_it(manager_api, manager):
    group = assert_ok(manager_api.post(f"{DOUBLED}/policyGroup", {"name": "Insurance", "desc": "insurers"}))
    stored = PolicyGroup.objects.get(pk=group["id"])
    assert stored.created_by == "pm-bank" and stored.is_active
    assert ManagerGroupMapping.objects.filter(user=manager, policy_group=stored).exists()
    assert stored.history.get().history_user == manager
    assert AuditEvent.objects.filter(event_id="PMS_PRT_215", ref_id=stored.id).exists()


def test_duplicate_group_name_is_pms_pol_014_ignoring_case(manager_api, banking):
    answer = manager_api.post(f"{DOUBLED}/policyGroup", {"name": "BANKING", "desc": "again"})
    assert_error(answer, "PMS_POL_014")
    assert PolicyGroup.objects.count() == 1
    assert AuditEvent.objects.filter(event_id="PMS_PRT_475").exists()


@pytest.mark.parametrize("body,code", [({"desc": "x"}, "PMS_COR_001"), ({"name": "x"}, "PMS_COR_001"),
                                       ({"name": "x" * 129, "desc": "d"}, "PMS_COR_002"),
                                       ({"name": ["x"], "desc": "d"}, "PMS_COR_002"),
                                       ({"name": "   ", "desc": "d"}, "PMS_COR_001")])
def test_group_create_input_errors(manager_api, body, code):
    assert_error(manager_api.post(f"{DOUBLED}/policyGroup", body), code)
    assert list(PolicyGroup.objects.values_list("name", flat=True)) == ["Banking"]


def test_update_renames_and_deactivates(manager_api, banking):
    group = assert_ok(manager_api.put(f"{DOUBLED}/policyGroup/{banking.id}", {"name": "Retail Banking", "desc": "d2", "isActive": False}))
    assert group["name"] == "Retail Banking" and group["is_Active"] is False
    banking.refresh_from_db()
    assert banking.history.count() == 2
    assert AuditEvent.objects.filter(event_id="PMS_PRT_256", ref_id=banking.id).exists()


def test_update_errors(manager_api, banking, telecom, other_manager_api):
    assert_error(manager_api.put(f"{DOUBLED}/policyGroup/{banking.id}", {"name": "telecom", "desc": "d"}), "PMS_POL_014")
    assert_error(manager_api.put(f"{DOUBLED}/policyGroup/unknown", {"name": "x", "desc": "d"}), "PMS_POL_016")
    assert_error(other_manager_api.put(f"{DOUBLED}/policyGroup/{banking.id}", {"name": "x", "desc": "d"}), "PMS_POL_010")
    assert_error(manager_api.put(f"{DOUBLED}/policyGroup/{banking.id}", {"name": "x", "desc": "d", "isActive": "maybe"}), "PMS_COR_002")
    banking.refresh_from_db()
    assert banking.name == "Banking" and banking.history.count() == 1
    assert AuditEvent.objects.filter(event_id="PMS_PRT_456", ref_id="unknown").exists()


def test_group_with_published_policies_cannot_be_deactivated(manager_api, banking):
    PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    assert_error(manager_api.put(f"{DOUBLED}/policyGroup/{banking.id}", {"name": "Banking", "desc": "d", "isActive": False}), "PMS_POL_056")
    banking.refresh_from_db()
    assert banking.is_active


def test_group_detail_and_list_are_scoped(manager_api, other_manager_api, admin_api, banking, telecom):
    policy = PolicyFactory(policy_group=banking)
    detail = manager_api.get(f"{DOUBLED}/policyGroupId/{banking.id}")
    body = assert_ok(detail)
    assert body["policyGroup"]["name"] == "Banking" and body["policies"][0]["id"] == policy.id
    assert_error(other_manager_api.get(f"{DOUBLED}/policyGroupId/{banking.id}"), "PMS_POL_011")
    assert_error(manager_api.get(f"{DOUBLED}/policyGroupId/missing"), "PMS_POL_016")
    assert AuditEvent.objects.filter(event_id="PMS_PRT_416", ref_id="missing").exists()
    assert [g["policyGroup"]["name"] for g in assert_ok(manager_api.get(f"{DOUBLED}/policyGroups"))] == ["Banking"]
    assert [g["policyGroup"]["name"] for g in assert_ok(admin_api.get(f"{DOUBLED}/policyGroups"))] == ["Banking", "Telecom"]


def test_group_without_a_mapped_manager_is_for_partner_admins_only(admin_api, manager_api):
    orphan = PolicyGroupFactory(name="Orphan")
    assert_error(manager_api.get(f"{DOUBLED}/policyGroupId/{orphan.id}"), "PMS_POL_011")
    assert assert_ok(admin_api.get(f"{DOUBLED}/policyGroupId/{orphan.id}"))["policyGroup"]["id"] == orphan.id


def test_group_list_query_count_does_not_grow_with_data(admin_api, django_assert_max_num_queries):
    for _ in range(6):
        group = PolicyGroupFactory()
        PolicyFactory.create_batch(3, policy_group=group)
    # auth (user, groups, revocation), audit rows, count, groups, policies — not one per group
    with django_assert_max_num_queries(14):
        assert len(assert_ok(admin_api.get(f"{DOUBLED}/policyGroups"))) == 6


def test_policy_list_query_count_does_not_grow_with_data(admin_api, banking, django_assert_max_num_queries):
    PolicyFactory.create_batch(20, policy_group=banking)
    with django_assert_max_num_queries(12):
        assert len(assert_ok(admin_api.get(DOUBLED))["policies"]) == 20


def test_keycloak_policy_manager_acts_in_the_groups_mapped_to_its_shadow_user(jwks, banking):
    from kernel.actors import Actor
    from policies.services import map_manager_to_groups
    from tests.support.users import keycloak_token

    key = jwks.add_key("kc1")
    api = PmsApi(token=keycloak_token(key, "kc1", roles=["POLICYMANAGER"], preferred_username="kc-pm"))
    assert_error(api.get(f"{DOUBLED}/policyGroupId/{banking.id}"), "PMS_POL_011")  # not mapped yet
    map_manager_to_groups(username="kc-pm", group_names=["Banking"], actor=Actor.system("test"))
    assert assert_ok(api.get(f"{DOUBLED}/policyGroupId/{banking.id}"))["policyGroup"]["name"] == "Banking"


def test_mapping_a_manager_to_an_unknown_group_is_the_mappings_audited_failure(banking):
    from kernel.actors import Actor
    from kernel.errors import PmsError
    from policies.services import map_manager_to_groups
    from tests.support.users import make_user

    make_user("pm-new", ["POLICYMANAGER"])
    with pytest.raises(PmsError) as refused:
        map_manager_to_groups(username="pm-new", group_names=["No Such Group"], actor=Actor.system("test"),
                              create_missing=False)
    assert refused.value.code == "PMS_POL_019"
    assert not ManagerGroupMapping.objects.filter(user__username="pm-new").exists()
    failure = AuditEvent.objects.get(event_key="policy.group.update.failure")
    assert failure.ref_id == "No Such Group" and "PMS_POL_019" in failure.description
