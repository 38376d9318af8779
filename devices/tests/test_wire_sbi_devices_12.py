"""Wire conformance of MOSIP 1.2's SBI and device-detail routes (R70-R92): for each route
one success and its main refusals, envelope key by key and texts verbatim, against what
MOSIP 1.2 answers and what its React portal and onboarding scripts send."""

from __future__ import annotations

import pytest

from devices.tests import test_sbi_device_details_12 as base
from devices.tests.test_sbi_device_details_12 import (
    DEVICE,
    SBI,
    add_device,
    add_sbi,
    approve_sbi,
    day,
    deactivate_device,
    deactivate_sbi,
    decide,
    v1,
    v2,
)
from tests.support.api import PmsApi
from tests.support.users import make_user, token_for
from tests.support.wire12 import invalid, ok_v1, ok_v2, refused_v1, refused_v2

pytestmark = pytest.mark.django_db
admin, acme, approved_sbi = base.admin, base.acme, base.approved_sbi  # the same fixtures

DEACTIVATE_SBI = "mosip.pms.deactivate.sbi.patch"
ADD_DEVICE = "mosip.pms.add.device.to.sbi.id.post"
APPROVAL = "mosip.pms.approval.mapping.device.to.sbi.post"
DEACTIVATE_DEVICE = "mosip.pms.deactivate.device.patch"


# --- R70-R72 ------------------------------------------------------------------------------

def test_r70_create_answers_the_new_id_and_its_refusals_verbatim(acme):
    created = ok_v1(add_sbi(acme, "acme"))
    assert list(created) == ["id"] and len(created["id"]) == 36
    refused_v1(add_sbi(acme, "acme"), "PMS_AUT_512", "SBI details exists for given SBI Version. Multiple SBI with "
                                                      "same SBI Version cannot be added.")
    refused_v1(add_sbi(acme, "acme", version="2.0", swCreateDateTime=day(2)), "PMS_AUT_514",
               "The created date should be less than or equal to the current date.")
    refused_v1(add_sbi(acme, "acme", version="2.0", swExpiryDateTime=day(0)), "PMS_AUT_508",
               "ExpiryDate should be greaterthan/equal Today.")
    refused_v1(add_sbi(acme, "acme", version="2.0", swCreateDateTime=day(-365 * 11)), "PMS_AUT_516",
               "Created date should not be less than 10 years from today")
    refused_v1(add_sbi(acme, "acme", version="2.0", swExpiryDateTime=day(365 * 11)), "PMS_AUT_515",
               "Expiry date should not be greater than 10 years from today")
    refused_v1(add_sbi(acme, "nobody", version="2.0"), "PMS_AUT_002",
               "This partner has been inactivated by Partner admin")
    invalid(add_sbi(acme, "acme", version="2.0", swBinaryHash="x" * 37),
            "Length should be in between 1 and 36 chars :request.swBinaryHash")
    invalid(add_sbi(acme, "acme", version="x" * 65, swBinaryHash="h"), "Length should be in between 1 and 64 chars :request.swVersion")


def test_r72_accepts_the_portals_empty_envelope_id_and_answers_its_texts(admin, acme):
    sbi_id = ok_v1(add_sbi(acme, "acme"))["id"]
    body = {"id": "", "version": "1.0", "requesttime": day(0), "request": {"id": sbi_id, "approvalStatus": "Activate"}}
    ok_v1(admin.call("patch", SBI, body=body), "Secure biometric details approved successfully.")
    refused_v1(approve_sbi(admin, sbi_id), "PMS_AUT_517", "The selected SBI has been already approved")
    other = ok_v1(add_sbi(acme, "acme", version="2.0"))["id"]
    refused_v1(approve_sbi(admin, other, "activate"), "PMS_AUT_026", "ApprovalStatus should be Activate / De-activate")
    ok_v1(approve_sbi(admin, other, "De-activate"), "Secure biometric details rejected successfully.")
    refused_v1(approve_sbi(admin, other), "PMS_AUT_518", "The selected SBI has been already rejected")
    refused_v1(approve_sbi(admin, "no-such-sbi"), "PMS_AUT_007", "Secure Biometric Interface not found for the id "
                                                                 "no-such-sbi")


# --- R73 ----------------------------------------------------------------------------------

def test_r73_answers_the_doubled_is_active_key_in_the_v2_envelope(acme, approved_sbi):
    refused_v2(deactivate_sbi(acme, approved_sbi, "Deactivate"), DEACTIVATE_SBI, "PMS_DEVICE_ERROR_026",
               "Request status should be De-Activate")
    done = ok_v2(deactivate_sbi(acme, approved_sbi), DEACTIVATE_SBI)
    assert done == {"sbiId": approved_sbi, "sbiVersion": "1.0", "status": "approved", "active": False,
                    "isActive": False}
    refused_v2(deactivate_sbi(acme, approved_sbi), DEACTIVATE_SBI, "PMS_DEVICE_ERROR_020",
               "The selected SBI is already deactivated.")
    refused_v2(deactivate_sbi(acme, "no-such-sbi"), DEACTIVATE_SBI, "PMS_DEVICE_ERROR_005", "SBI do not exists.")


def test_r73_pending_sbi_and_the_v2_envelope_checks(acme):
    sbi_id = ok_v1(add_sbi(acme, "acme"))["id"]
    refused_v2(deactivate_sbi(acme, sbi_id), DEACTIVATE_SBI, "PMS_DEVICE_ERROR_022",
               "The selected SBI is not in an approved status.")
    sent = v2(DEACTIVATE_SBI, status="De-Activate")
    wrong_id = acme.call("patch", f"{SBI}/{sbi_id}", body={**sent, "id": ""})
    refused_v2(wrong_id, DEACTIVATE_SBI, "PMS_REQUEST_ERROR_002", "Invalid Request Id")
    v1_time = {k: v for k, v in sent.items() if k != "requestTime"} | {"requesttime": sent["requestTime"]}
    refused_v2(acme.call("patch", f"{SBI}/{sbi_id}", body=v1_time), DEACTIVATE_SBI, "PMS_REQUEST_ERROR_004",
               "Invalid request time")
    refused_v2(acme.call("patch", f"{SBI}/{sbi_id}", body={**sent, "version": "LTS"}), DEACTIVATE_SBI,
               "PMS_REQUEST_ERROR_003", "Request version is invalid")
    invalid(acme.call("patch", f"{SBI}/{sbi_id}", body={**sent, "request": None}), "must not be null :request")


def test_r73_r76_caller_without_a_partner():
    lonely = PmsApi(token=token_for(make_user("lonely", ["DEVICE_PROVIDER"])))
    refused_v2(deactivate_sbi(lonely, "any"), DEACTIVATE_SBI, "PMS_CERTIFICATE_ERROR_002",
               "User Id does not exists.")
    refused_v2(lonely.get(f"{SBI}/any/devices"), "mosip.pms.sbi.devices.get", "PMS_CERTIFICATE_ERROR_002",
               "User Id does not exists.")


# --- R74 ----------------------------------------------------------------------------------

SUMMARY_KEYS = ["partnerId", "orgName", "sbiId", "sbiVersion", "status", "isActive", "sbiCreatedDateTime",
                "sbiExpiryDateTime", "sbiExpiryStatus", "countOfAssociatedDevices", "countOfApprovedDevices",
                "countOfPendingDevices", "createdDateTime"]


def test_r74_without_parameters_is_the_whole_list_unpaged(admin, acme, approved_sbi):
    for version in ("2.0", "3.0"):
        ok_v1(add_sbi(acme, "acme", version=version))
    page = ok_v2(acme.get(SBI), "mosip.pms.all.sbi.details.get")
    assert list(page) == ["pageNo", "pageSize", "totalResults", "data"]
    assert (page["pageNo"], page["pageSize"], page["totalResults"], len(page["data"])) == (0, 3, 3, 3)
    row = next(r for r in page["data"] if r["sbiId"] == approved_sbi)
    assert list(row) == SUMMARY_KEYS
    assert (row["partnerId"], row["orgName"], row["status"], row["isActive"], row["sbiExpiryStatus"]) == (
        "acme", "Acme Sensors", "approved", True, "valid")
    assert "+" not in row["createdDateTime"] and not row["createdDateTime"].endswith("Z")  # LocalDateTime
    # the admin dashboard counts pending SBIs so
    counted = ok_v2(admin.get(SBI, params={"status": "pending_approval", "pageSize": "1", "pageNo": "0"}),
                    "mosip.pms.all.sbi.details.get")
    assert (counted["pageNo"], counted["pageSize"], counted["totalResults"], len(counted["data"])) == (0, 1, 2, 1)
    empty = ok_v2(admin.get(SBI, params={"sbiId": "nothing-like-this"}), "mosip.pms.all.sbi.details.get")
    assert empty == {"pageNo": 0, "pageSize": 0, "totalResults": 0, "data": []}


@pytest.mark.parametrize(("params", "code", "message"), [
    ({"sortFieldName": "sbiVersion"}, "PMS_PS_ERROR_007",
     "Invalid Sorting request: 'sortType' and 'sortFieldName' must be specified together."),
    ({"pageNo": "0"}, "PMS_PS_ERROR_006",
     "Invalid pagination request: 'pageNo' and 'pageSize' must be specified together."),
    ({"sortFieldName": "sbiVersion", "sortType": "asc"}, "PMS_PS_ERROR_008",
     "Please provide pagination parameters ('pageNo' and 'pageSize') when requesting sorted data."),
    ({"sortFieldName": "colour", "sortType": "asc", "pageNo": "0", "pageSize": "8"}, "PMS_PRT_357",
     "Invalid sort field colour"),
    ({"sortFieldName": "sbiVersion", "sortType": "up", "pageNo": "0", "pageSize": "8"}, "PMS_PRT_358",
     "Sort type up is not supported"),
    ({"pageNo": "-1", "pageSize": "8"}, "PMS_PRT_360", "Invalid Page No"),
    ({"pageNo": "0", "pageSize": "0"}, "PMS_PRT_361", "Invalid page size"),
])
def test_r74_list_parameters_are_the_controllers_v1_refusals(acme, params, code, message):
    refused_v1(acme.get(SBI, params=params), code, message)


@pytest.mark.parametrize("alias", ["partnerId", "orgName", "sbiId", "sbiVersion", "sbiCreatedDateTime",
                                   "sbiExpiryDateTime", "status", "createdDateTime", "sbiExpiryStatus",
                                   "countOfAssociatedDevices"])
def test_r74_sorts_by_every_mosip_alias(acme, approved_sbi, alias):
    page = ok_v2(acme.get(SBI, params={"sortFieldName": alias, "sortType": "DESC", "pageNo": "0",
                                       "pageSize": "8"}), "mosip.pms.all.sbi.details.get")
    assert page["totalResults"] == 1


# --- R75, R76 -----------------------------------------------------------------------------

DEVICE_KEYS = ["deviceId", "deviceTypeCode", "deviceSubTypeCode", "deviceProviderId", "make", "model", "status",
               "isActive", "active", "createdDateTime"]


def test_r75_r76_add_a_device_and_list_it_with_both_active_keys(acme, approved_sbi):
    assert ok_v2(acme.get(f"{SBI}/{approved_sbi}/devices"), "mosip.pms.sbi.devices.get") is None
    added = ok_v2(add_device(acme, approved_sbi, "acme"), ADD_DEVICE)
    assert list(added) == ["id"]
    devices = ok_v2(acme.get(f"{SBI}/{approved_sbi}/devices"), "mosip.pms.sbi.devices.get")
    assert [list(d) for d in devices] == [DEVICE_KEYS]
    assert {k: devices[0][k] for k in DEVICE_KEYS[:-1]} == {
        "deviceId": added["id"], "deviceTypeCode": "Finger", "deviceSubTypeCode": "Slap", "deviceProviderId": "acme",
        "make": "Acme", "model": "FS-10", "status": "pending_approval", "isActive": False, "active": False}
    refused_v2(add_device(acme, approved_sbi, "acme"), ADD_DEVICE, "PMS_AUT_003", "Device Details already exists")
    refused_v2(add_device(acme, approved_sbi, "acme", model="X", sub_type="Double"), ADD_DEVICE, "PMS_AUT_001",
               "Reg Device Sub Type Code not found in the list of Reg Device Sub Types")
    refused_v2(add_device(acme, approved_sbi, "someone-else", model="Y"), ADD_DEVICE, "PMS_DEVICE_ERROR_001",
               "Partner id is not associated with user.")
    refused_v2(add_device(acme, "no-such-sbi", "acme", model="Z"), ADD_DEVICE, "PMS_DEVICE_ERROR_005",
               "SBI do not exists.")
    refused_v2(acme.get(f"{SBI}/no-such-sbi/devices"), "mosip.pms.sbi.devices.get", "PMS_DEVICE_ERROR_005",
               "SBI do not exists.")


def test_r75_refuses_a_pending_and_a_rejected_sbi(admin, acme):
    pending = ok_v1(add_sbi(acme, "acme"))["id"]
    refused_v2(add_device(acme, pending, "acme"), ADD_DEVICE, "PMS_DEVICE_ERROR_009",
               "Unable to add device because the associated SBI is not approved.")
    ok_v1(approve_sbi(admin, pending, "De-activate"))
    refused_v2(add_device(acme, pending, "acme"), ADD_DEVICE, "PMS_DEVICE_ERROR_028",
               "Unable to add device because the associated SBI is already rejected")
    invalid(add_device(acme, pending, "acme", make=""), "value is empty or null :request.make")


# --- R85, R86, R87 ------------------------------------------------------------------------

def test_r85_approves_with_true_and_refuses_verbatim(admin, acme, approved_sbi):
    device_id = ok_v2(add_device(acme, approved_sbi, "acme"), ADD_DEVICE)["id"]
    missing = admin.call("post", f"{DEVICE}/{device_id}/approval", body=v2(APPROVAL, sbiId=approved_sbi,
                                                                           status="approved"))
    refused_v2(missing, APPROVAL, "PMS_REQUEST_ERROR_001", "Invalid request.")
    refused_v2(decide(admin, device_id, "acme", approved_sbi, "Approved"), APPROVAL, "PMS_DEVICE_ERROR_027",
               "Request status should be either approved or rejected")
    no_sbi = admin.call("post", f"{DEVICE}/{device_id}/approval", body=v2(APPROVAL, partnerId="acme",
                                                                          status="rejected"))
    refused_v2(no_sbi, APPROVAL, "PMS_DEVICE_ERROR_025",
               "This device cannot be rejected as it does not have any SBI associated to it.")
    ok_v2(decide(admin, device_id, "acme", approved_sbi), APPROVAL, True)
    refused_v2(decide(admin, device_id, "acme", approved_sbi), APPROVAL, "PMS_DEVICE_ERROR_010",
               "Given device details are not in pending for approval status.")


def test_r86_deactivates_with_both_active_keys(admin, acme, approved_sbi):
    device_id = ok_v2(add_device(acme, approved_sbi, "acme"), ADD_DEVICE)["id"]
    refused_v2(deactivate_device(acme, device_id), DEACTIVATE_DEVICE, "PMS_DEVICE_ERROR_023",
               "The selected Device is not in an approved status.")
    ok_v2(decide(admin, device_id, "acme", approved_sbi), APPROVAL, True)
    refused_v2(deactivate_device(acme, device_id, "deactivate"), DEACTIVATE_DEVICE, "PMS_DEVICE_ERROR_026",
               "Request status should be De-Activate")
    ok_v2(deactivate_device(acme, device_id), DEACTIVATE_DEVICE,
          {"deviceId": device_id, "status": "approved", "active": False, "isActive": False})
    refused_v2(deactivate_device(acme, device_id), DEACTIVATE_DEVICE, "PMS_DEVICE_ERROR_014",
               "The selected device has been already deactivated.")
    refused_v2(deactivate_device(acme, "no-such-device"), DEACTIVATE_DEVICE, "PMS_DEVICE_ERROR_006",
               "Device do not exists.")


def test_r87_pages_by_default_and_lists_an_unmapped_device_with_null_sbi(admin, acme, approved_sbi):
    mapped = ok_v2(add_device(acme, approved_sbi, "acme"), ADD_DEVICE)["id"]
    page = ok_v2(admin.get(DEVICE), "mosip.pms.get.all.device.details.get")
    assert (page["pageNo"], page["pageSize"], page["totalResults"]) == (0, 8, 1)
    assert list(page["data"][0]) == ["deviceId", "partnerId", "orgName", "deviceType", "deviceSubType", "status",
                                     "make", "model", "createdDateTime", "sbiId", "sbiVersion"]
    assert (page["data"][0]["deviceId"], page["data"][0]["sbiId"], page["data"][0]["status"]) == (
        mapped, approved_sbi, "pending_approval")
    legacy = ok_v1(acme.call("post", DEVICE, body=v1(deviceProviderId="acme", deviceTypeCode="Iris",
                                                     deviceSubTypeCode="Double", make="Acme", model="IR-2")))
    page = ok_v2(admin.get(DEVICE, params={"deviceId": legacy["id"]}), "mosip.pms.get.all.device.details.get")
    assert [(r["deviceId"], r["sbiId"], r["sbiVersion"]) for r in page["data"]] == [(legacy["id"], None, None)]
    for alias in ("deviceId", "sbiId", "sbiVersion", "partnerId", "orgName", "deviceType", "deviceSubType", "make",
                  "model", "status", "createdDateTime"):
        ok_v2(admin.get(DEVICE, params={"sortFieldName": alias, "sortType": "asc", "pageNo": "0", "pageSize": "8"}),
              "mosip.pms.get.all.device.details.get")


# --- legacy searches and the portal's filter values ---------------------------------------

def test_r77_r88_empty_search_page_is_zeros_and_null_data(acme):
    search = v1(filters=[{"columnName": "swVersion", "type": "equals", "value": "9.9"}], sort=[],
                pagination={"pageStart": 0, "pageFetch": 10})
    assert ok_v1(acme.call("post", f"{SBI}/search", body=search)) == {
        "fromRecord": 0, "toRecord": 0, "totalRecord": 0, "data": None}
    search["request"]["filters"][0]["columnName"] = "model"
    assert ok_v1(acme.call("post", f"{DEVICE}/search", body=search))["data"] is None


def test_r88_items_carry_active_not_is_active(acme, approved_sbi):
    ok_v2(add_device(acme, approved_sbi, "acme"), ADD_DEVICE)
    found = ok_v1(acme.call("post", f"{DEVICE}/search", body=v1(
        filters=[{"columnName": "make", "type": "equals", "value": "acme"}], sort=[],
        pagination={"pageStart": 0, "pageFetch": 10}, purpose="REGISTRATION")))
    assert (found["fromRecord"], found["toRecord"], found["totalRecord"]) == (1, 1, 1)
    assert list(found["data"][0]) == ["id", "deviceProviderId", "deviceTypeCode", "deviceSubTypeCode", "make",
                                      "model", "partnerOrganizationName", "active", "approvalStatus"]


def test_r90_searches_sub_types_of_a_type(acme):
    found = ok_v1(acme.call("post", f"{DEVICE}/deviceType/search", body=v1(
        filters=[{"columnName": "deviceType", "type": "equals", "value": "Finger"}], sort=[],
        pagination={"pageStart": 0, "pageFetch": 10}, purpose="REGISTRATION")))
    assert sorted(r["code"] for r in found["data"]) == ["Single", "Slap", "Touchless"]
    assert list(found["data"][0]) == ["code", "deviceType", "name", "desciption", "active", "isDeleted", "crBy",
                                      "crDtimes", "delDtimes", "updBy", "updDtimes"]


def test_r91_r92_with_the_portals_bodies(acme):
    types = ok_v1(acme.call("post", f"{DEVICE}/deviceType/filtervalues", body={
        "id": "", "version": "1.0", "requesttime": day(0), "request": {
            "filters": [{"columnName": "name", "type": "unique", "text": ""}], "purpose": "REGISTRATION"}}))
    assert list(types) == ["filters"]
    assert all(list(item) == ["fieldID", "fieldValue", "fieldCode"] for item in types["filters"])
    assert sorted(item["fieldCode"] for item in types["filters"]) == ["Face", "Finger", "Iris"]
    assert {item["fieldID"] for item in types["filters"]} == {"name"}
    subs = ok_v1(acme.call("post", f"{DEVICE}/deviceSubType/filtervalues", body={
        "id": "", "version": "1.0", "requesttime": day(0), "request": {
            "filters": [{"columnName": "deviceType", "type": "unique", "text": "Finger"}], "purpose": "REGISTRATION"}}))
    assert subs["filters"] and all(item["fieldID"] == "deviceType" for item in subs["filters"])


def test_r91_refuses_unknown_columns_and_types_together(acme):
    answer = acme.call("post", f"{DEVICE}/deviceType/filtervalues", body=v1(
        filters=[{"columnName": "colour", "type": "unique", "text": ""},
                 {"columnName": "name", "type": "every", "text": ""}], purpose="REGISTRATION"))
    assert answer.body["errors"] == [
        {"errorCode": "PMS-MSD-317", "message": "Column colour doesn't exist for the searched entity"},
        {"errorCode": "PMS-MSD-324", "message": "Received Filter Type not supported"}]
    assert (answer.body["id"], answer.body["response"]) == ("mosip.partnermanagement", None)


# --- the OpenAPI examples look like the real answers -------------------------------------

def test_the_schema_examples_look_like_the_real_answers(admin, acme):
    from tests.support.wire_examples import assert_example_like

    created = add_sbi(acme, "acme")
    assert_example_like(created.body, "POST", SBI)
    sbi_id = created.response["id"]
    assert_example_like(approve_sbi(admin, sbi_id).body, "PATCH", SBI)
    assert_example_like(acme.get(SBI).body, "GET", SBI)
    added = add_device(acme, sbi_id, "acme")
    assert_example_like(added.body, "POST", f"{SBI}/{{sbi_id}}/devices")
    assert_example_like(acme.get(f"{SBI}/{sbi_id}/devices").body, "GET", f"{SBI}/{{sbi_id}}/devices")
    device_id = added.response["id"]
    assert_example_like(admin.get(DEVICE).body, "GET", DEVICE)
    assert_example_like(decide(admin, device_id, "acme", sbi_id).body, "POST", f"{DEVICE}/{{device_id}}/approval")
    search = v1(filters=[{"columnName": "make", "type": "equals", "value": "acme"}], sort=[],
                pagination={"pageStart": 0, "pageFetch": 10})
    assert_example_like(acme.call("post", f"{DEVICE}/search", body=search).body, "POST", f"{DEVICE}/search")
    search["request"]["filters"][0].update(columnName="swVersion", value="1.0")
    assert_example_like(acme.call("post", f"{SBI}/search", body=search).body, "POST", f"{SBI}/search")
    search["request"]["filters"][0].update(columnName="deviceType", value="Finger")
    assert_example_like(acme.call("post", f"{DEVICE}/deviceType/search", body=search).body, "POST",
                        f"{DEVICE}/deviceType/search")
    values = v1(filters=[{"columnName": "name", "type": "unique", "text": ""}])
    assert_example_like(acme.call("post", f"{DEVICE}/deviceType/filtervalues", body=values).body, "POST",
                        f"{DEVICE}/deviceType/filtervalues")
    assert_example_like(deactivate_device(acme, device_id).body, "PATCH", f"{DEVICE}/{{device_id}}")
    assert_example_like(deactivate_sbi(acme, sbi_id).body, "PATCH", f"{SBI}/{{sbi_id}}")


@pytest.mark.parametrize(("method", "path"), [("get", SBI), ("patch", f"{SBI}/x"), ("get", DEVICE),
                                              ("post", f"{DEVICE}/x/approval"), ("get", "/v1/partnermanager/ftpchipdetail/v2"),
                                              ("get", "/v1/partnermanager/oauth/client")])
def test_authentication_and_roles_answer_401_and_403(method, path):
    sent = None if method == "get" else v1()
    anonymous = PmsApi().call(method, path, body=sent)
    assert anonymous.status == 401 and anonymous.error_codes == ["KER-ATH-401"]
    stranger = PmsApi(token=token_for(make_user("stranger", ["MISP_PARTNER"])))
    refused = stranger.call(method, path, body=sent)
    assert (refused.status, refused.body["errors"]) == (403, [{"errorCode": "KER-ATH-403", "message": "Forbidden"}])


def test_r71_r83_name_the_unknown_id_sent(acme):
    update = {"id": "nope", "swBinaryHash": "h", "swVersion": "1", "swCreateDateTime": day(-3),
              "swExpiryDateTime": day(30), "isActive": True}
    refused_v1(acme.call("put", SBI, body=v1(**update)), "PMS_AUT_007",
               "Secure Biometric Interface not found for the id nope")  # MOSIP: "... the id null"
    refused_v1(acme.call("put", DEVICE, body=v1(id="nope", deviceTypeCode="Finger", deviceSubTypeCode="Slap",
                                                make="a", model="b")),
               "PMS_AUT_005", "Device detail for id nope does not exist")
