"""MOSIP 1.2's policy-group routes (1.2 catalog §9, R43–R50; §16.5): envelopes, codes,
scope (another manager's group answers like an unknown one), and the same rows the 1.0
group routes change, read and changed through either generation."""

from __future__ import annotations

import datetime as dt

import pytest

from audit.models import AuditEvent
from policies.models import ManagerGroupMapping, PolicyGroup, PolicyStatus
from tests.support.api import PmsApi, assert_error, assert_ok
from tests.support.users import make_user, token_for

from .conftest import DOUBLED
from .factories import PolicyFactory, PolicyGroupFactory

pytestmark = pytest.mark.django_db

P12 = "/v1/policymanager/policies"


def v2(request, api_id="mosip.pms.deactivate.policy.group.patch", **overrides):
    body = {"id": api_id, "version": "1.0",
            "requestTime": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z"), "metadata": {},
            "request": request}
    body.update(overrides)
    return body


def v1(request, envelope_id="mosip.pms.policy.group.create", version="1.0"):
    return {"id": envelope_id, "version": version, "requesttime": "2026-01-01T00:00:00.000Z", "request": request}


# --- R43 create ---------------------------------------------------------------------------

def test_r43_creates_an_active_group_in_the_policy_envelope_and_maps_its_manager(manager_api, manager):
    answer = manager_api.post(f"{P12}/group/new", body=v1({"name": "Insurance", "desc": "insurers"}))
    group = assert_ok(answer)
    assert list(answer.body) == ["id", "version", "responsetime", "response", "errors"]  # no metadata
    assert (answer.body["id"], answer.body["version"]) == ("mosip.pms.policy.group.create", "1.0")  # echoed
    assert set(group) == {"id", "name", "desc", "is_Active", "cr_by", "cr_dtimes", "up_by", "upd_dtimes"}
    assert group["is_Active"] is True and group["cr_by"] == "pm-bank" and "+" not in group["cr_dtimes"]
    stored = PolicyGroup.objects.get(pk=group["id"])
    assert ManagerGroupMapping.objects.filter(user=manager, policy_group=stored).exists()
    assert stored.history.count() == 1
    assert AuditEvent.objects.filter(event_key="policy.group.create.success", outcome="success").exists()


def test_r43_name_taken_ignoring_case_is_pms_pol_014(manager_api, banking):
    answer = manager_api.post(f"{P12}/group/new", body=v1({"name": "BANKING", "desc": "d"}))
    assert_error(answer, "PMS_POL_014")
    assert answer.body["errors"][0]["message"] == "Policy group exists with name : BANKING"
    assert answer.body["id"] == "mosip.pms.policy.group.create"  # the policy service copies the body's id


@pytest.mark.parametrize("request_body,message", [
    ({"desc": "d"}, "Invalid request parameter - value is empty or null :request.name"),
    ({"name": "  ", "desc": "d"}, "Invalid request parameter - value is empty or null :request.name"),
    ({"name": "x" * 129, "desc": "d"}, "Invalid request parameter - Length should be in between 1 and 128 chars :request.name"),
    ({"name": "ok", "desc": "d" * 257}, "Invalid request parameter - Length should be in between 1 and 256 chars :request.desc"),
])
def test_r43_bean_validation_is_pms_cor_001_with_the_field_path(manager_api, request_body, message):
    answer = manager_api.post(f"{P12}/group/new", body=v1(request_body))
    assert_error(answer, "PMS_COR_001")
    assert answer.body["errors"] == [{"errorCode": "PMS_COR_001", "message": message}]
    assert answer.body["id"] == "mosip.pms.policy.group.create"
    assert not PolicyGroup.objects.filter(name="ok").exists()


def test_r43_desc_of_256_characters_is_kept(manager_api):
    group = assert_ok(manager_api.post(f"{P12}/group/new", body=v1({"name": "Long", "desc": "d" * 256})))
    assert len(group["desc"]) == 256


def test_r43_a_partner_is_refused_with_ker_ath_403(db):
    api = PmsApi(token=token_for(make_user("auth-1", ["AUTH_PARTNER"])))
    answer = api.post(f"{P12}/group/new", body=v1({"name": "x", "desc": "d"}))
    assert answer.status == 403 and answer.error_codes == ["KER-ATH-403"]


# --- R44 update ---------------------------------------------------------------------------

def test_r44_renames_and_reactivates_a_group(manager_api, banking):
    banking.is_active = False
    banking.save()
    group = assert_ok(manager_api.put(f"{P12}/group/{banking.id}",
                                      body=v1({"name": "Retail Banking", "desc": "d", "isActive": True})))
    assert group["name"] == "Retail Banking" and group["is_Active"] is True
    banking.refresh_from_db()
    assert banking.is_active and banking.name == "Retail Banking"


def test_r44_unknown_and_another_managers_group_are_pms_pol_008_alike(manager_api, telecom):
    body = v1({"name": "Taken Over", "desc": "d", "isActive": True})
    unknown = manager_api.put(f"{P12}/group/no-such-group", body=body)
    other = manager_api.put(f"{P12}/group/{telecom.id}", body=body)
    for answer in (unknown, other):
        assert_error(answer, "PMS_POL_008")
        assert answer.body["errors"][0]["message"] == "Policy ID does not exist"
    telecom.refresh_from_db()
    assert telecom.name == "Telecom"


def test_r44_deactivation_with_a_published_policy_is_pms_pol_056_drafts_do_not_block(manager_api, banking):
    draft = PolicyFactory(policy_group=banking)
    published = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    body = v1({"name": "Banking", "desc": "d", "isActive": False})
    assert_error(manager_api.put(f"{P12}/group/{banking.id}", body=body), "PMS_POL_056")
    published.delete()
    assert_ok(manager_api.put(f"{P12}/group/{banking.id}", body=body))
    assert not PolicyGroup.objects.get(pk=banking.pk).is_active and draft.pk


def test_r44_needs_is_active(manager_api, banking):
    answer = manager_api.put(f"{P12}/group/{banking.id}", body=v1({"name": "Banking", "desc": "d"}))
    assert answer.body["errors"] == [{"errorCode": "PMS_COR_001",
                                      "message": "Invalid request parameter - must not be null :request.isActive"}]


# --- R45 deactivate (V2) -------------------------------------------------------------------

def test_r45_deactivates_in_the_v2_envelope(manager_api, banking):
    PolicyFactory(policy_group=banking, status=PolicyStatus.DEACTIVATED)  # does not block
    answer = manager_api.patch(f"{P12}/group/{banking.id}", body=v2({"status": "De-Activate"}))
    assert assert_ok(answer) == {"policyGroupId": banking.id, "isActive": False}
    assert list(answer.body) == ["id", "version", "responseTime", "metadata", "response", "errors"]
    assert answer.body["id"] == "mosip.pms.deactivate.policy.group.patch"
    assert not PolicyGroup.objects.get(pk=banking.pk).is_active
    assert banking.history.count() == 2


@pytest.mark.parametrize("states,code", [
    ((PolicyStatus.PUBLISHED, PolicyStatus.DRAFT), "PMS_POL_069"),
    ((PolicyStatus.PUBLISHED,), "PMS_POL_056"),
    ((PolicyStatus.DRAFT,), "PMS_POL_070"),
])
def test_r45_refuses_groups_with_published_or_draft_policies(manager_api, banking, states, code):
    for state in states:
        PolicyFactory(policy_group=banking, status=state)
    answer = manager_api.patch(f"{P12}/group/{banking.id}", body=v2({"status": "De-Activate"}))
    assert_error(answer, code)
    assert answer.body["id"] == "mosip.pms.deactivate.policy.group.patch" and "responseTime" in answer.body
    assert PolicyGroup.objects.get(pk=banking.pk).is_active


def test_r45_status_unknown_and_already_inactive(manager_api, banking, telecom):
    answer = manager_api.patch(f"{P12}/group/{banking.id}", body=v2({"status": "de-activate"}))
    assert_error(answer, "PMS_POL_073")
    assert answer.body["errors"][0]["message"] == "Request status should be De-Activate"
    for group_id in ("nope", telecom.id):  # another manager's group is an unknown one
        assert_error(manager_api.patch(f"{P12}/group/{group_id}", body=v2({"status": "De-Activate"})), "PMS_POL_068")
    assert_ok(manager_api.patch(f"{P12}/group/{banking.id}", body=v2({"status": "De-Activate"})))
    assert_error(manager_api.patch(f"{P12}/group/{banking.id}", body=v2({"status": "De-Activate"})), "PMS_POL_067")


def test_r45_checks_the_v2_envelope(manager_api, banking):
    assert_error(manager_api.patch(f"{P12}/group/{banking.id}", body=v2({"status": "De-Activate"}, api_id="x")),
                 "PMS_REQUEST_ERROR_002")
    assert_error(manager_api.patch(f"{P12}/group/{banking.id}",
                                   body=v2({"status": "De-Activate"}, requestTime="2020-01-01T00:00:00.000Z")),
                 "PMS_REQUEST_ERROR_006")
    assert PolicyGroup.objects.get(pk=banking.pk).is_active


def test_a_group_r45_deactivated_is_reactivated_by_the_1_0_route(manager_api, banking):
    """Group deactivation is not terminal in MOSIP 1.2 (R44 re-activates), so the 1.0 route may too."""
    assert_ok(manager_api.patch(f"{P12}/group/{banking.id}", body=v2({"status": "De-Activate"})))
    group = assert_ok(manager_api.put(f"{DOUBLED}/policyGroup/{banking.id}",
                                      {"name": "Banking", "desc": "d", "isActive": True}))
    assert group["isActive"] is True


# --- R46/R47 reads -----------------------------------------------------------------------

def test_r46_a_group_with_its_policies_each_spelled_for_1_2(manager_api, banking, telecom):
    PolicyFactory(policy_group=banking, name="A Draft")
    PolicyFactory(policy_group=banking, name="B Live", status=PolicyStatus.PUBLISHED)
    PolicyFactory(policy_group=banking, name="C Off", status=PolicyStatus.DEACTIVATED)
    answer = manager_api.get(f"{P12}/group/{banking.id}")
    found = assert_ok(answer)
    assert (answer.body["id"], answer.body["version"]) == (None, None)
    assert found["policyGroup"]["name"] == "Banking" and found["policyGroup"]["isDeleted"] is False
    assert [(p["policyName"], p["status"], p["is_Active"], p["schema"] is not None) for p in found["policies"]] == [
        ("A Draft", "DRAFTED", False, False), ("B Live", "PUBLISHED", True, True), ("C Off", "DRAFTED", False, True)]
    assert_error(manager_api.get(f"{P12}/group/{telecom.id}"), "PMS_POL_016")
    assert_error(manager_api.get(f"{P12}/group/nothing"), "PMS_POL_016")


def test_r47_lists_only_the_managers_groups_and_admin_sees_all(manager_api, admin_api, banking, telecom):
    assert [g["policyGroup"]["name"] for g in assert_ok(manager_api.get(f"{P12}/group/all"))] == ["Banking"]
    assert {g["policyGroup"]["name"] for g in assert_ok(admin_api.get(f"{P12}/group/all"))} >= {"Banking", "Telecom"}


# --- R48/R49 search and filter values -------------------------------------------------------

def test_r48_searches_the_managers_groups_only(manager_api, manager, banking, telecom):
    ManagerGroupMapping.objects.create(user=manager, policy_group=PolicyGroupFactory(name="Bank Two"))
    body = v1({"filters": [{"columnName": "name", "type": "contains", "value": "bank"}],
               "sort": [{"sortField": "name", "sortType": "desc"}], "pagination": {"pageStart": 0, "pageFetch": 10}})
    page = assert_ok(manager_api.post(f"{P12}/group/search", body=body))
    assert [row["name"] for row in page["data"]] == ["Banking", "Bank Two"]
    assert (page["fromRecord"], page["toRecord"], page["totalRecord"]) == (1, 2, 2)
    everything = v1({"filters": [], "sort": [], "pagination": {"pageStart": 0, "pageFetch": 10}})
    assert "Telecom" not in [row["name"] for row in assert_ok(manager_api.post(f"{P12}/group/search", body=everything))["data"]]


def test_r48_codes(manager_api, banking):
    bad = v1({"filters": [{"columnName": "colour", "type": "equals", "value": "x"}], "sort": [],
              "pagination": {"pageStart": 0, "pageFetch": 10}})
    assert_error(manager_api.post(f"{P12}/group/search", body=bad), "PMS-MSD-310")
    empty = v1({"filters": [{"columnName": "name", "type": "equals", "value": "zzz"}], "sort": [],
                "pagination": {"pageStart": 0, "pageFetch": 10}})
    assert assert_ok(manager_api.post(f"{P12}/group/search", body=empty)) == {
        "fromRecord": 0, "toRecord": 0, "totalRecord": 0, "data": None}



def test_r49_filter_values_code_is_the_group_name_and_in_scope_only(manager_api, banking, telecom):
    body = v1({"filters": [{"columnName": "name", "type": "unique", "text": ""}]})
    values = assert_ok(manager_api.post(f"{P12}/group/filtervalues", body=body))
    assert values == {"filters": [{"fieldID": "name", "fieldValue": "Banking", "fieldCode": "Banking"}]}
    missing = manager_api.post(f"{P12}/group/filtervalues", body=v1({}))
    assert missing.body["errors"][0]["message"] == "Invalid request parameter - must not be null :request.filters"
    assert_error(manager_api.post(f"{P12}/group/filtervalues",
                                  body=v1({"filters": [{"columnName": "colour", "type": "unique"}]})), "PMS-MSD-317")


# --- R50 active groups (V2) ----------------------------------------------------------------

def test_r50_active_groups_in_scope(manager_api, banking, telecom):
    answer = manager_api.get(f"{P12}/policy-groups")
    assert assert_ok(answer) == [{"id": banking.id, "description": banking.description, "name": "Banking"}]
    assert answer.body["id"] == "mosip.pms.policy.groups.get" and "responseTime" in answer.body
    banking.is_active = False
    banking.save()
    assert_error(manager_api.get(f"{P12}/policy-groups"), "PMS_POL_059")


def test_a_group_made_through_1_0_is_read_and_renamed_through_1_2_and_the_other_way_round(manager_api):
    made = assert_ok(manager_api.post(f"{DOUBLED}/policyGroup", {"name": "Old Gen", "desc": "1.0 group"}))
    read = assert_ok(manager_api.get(f"{P12}/group/{made['id']}"))["policyGroup"]
    assert (read["name"], read["desc"], read["isActive"]) == ("Old Gen", "1.0 group", True)
    assert_ok(manager_api.put(f"{P12}/group/{made['id']}", body=v1({"name": "Renamed", "desc": "1.2 did", "isActive": True})))
    assert assert_ok(manager_api.get(f"{DOUBLED}/policyGroupId/{made['id']}"))["policyGroup"]["name"] == "Renamed"

    new = assert_ok(manager_api.post(f"{P12}/group/new", body=v1({"name": "New Gen", "desc": "1.2 group"})))
    assert assert_ok(manager_api.get(f"{DOUBLED}/policyGroupId/{new['id']}"))["policyGroup"]["desc"] == "1.2 group"
    assert_ok(manager_api.put(f"{DOUBLED}/policyGroup/{new['id']}", {"name": "New Gen", "desc": "d", "isActive": False}))
    assert assert_ok(manager_api.get(f"{P12}/group/{new['id']}"))["policyGroup"]["isActive"] is False
