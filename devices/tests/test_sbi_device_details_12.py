"""MOSIP 1.2's SBIs and device details over HTTP (R70-R92): a device provider's journey
from a fresh instance, the state machines with their final states, scope (another
partner's record answers like an unknown one), 1.1's status spellings, and the 1.0 device
registry left as it was."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from devices.models import DeviceDetail, DeviceDetailSbi, DeviceSubType, SecureBiometricInterface, approval_status_of
from partners.tests import pki
from tests.support.api import PmsApi, assert_ok
from tests.support.audit import snapshot
from tests.support.users import make_user, token_for

pytestmark = pytest.mark.django_db

PM = "/v1/partnermanager"
SBI = f"{PM}/securebiometricinterface"
DEVICE = f"{PM}/devicedetail"


def v1(**request):
    return {"id": "string", "version": "LTS", "requesttime": "2026-01-01T00:00:00.000Z", "metadata": {},
            "request": request}


def v2(api_id, **request):
    now = timezone.now().astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return {"id": api_id, "version": "1.0", "requestTime": now, "request": request}


def day(offset_days: int) -> str:
    return (timezone.now() + dt.timedelta(days=offset_days)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


@pytest.fixture
def admin():
    return PmsApi(token=token_for(make_user("pms-admin", ["PARTNER_ADMIN"])))


def register(api, partner_id, org):
    return assert_ok(api.call("post", f"{PM}/partners", body=v1(
        partnerId=partner_id, organizationName=org, partnerType="Device_Provider", address="Bengaluru",
        contactNumber="9845000000", emailId=f"ops@{partner_id}.example", langCode="eng")))


def certify(admin, api, partner_id, org):
    root = pki.certificate(f"{org} Root", ca=True, days=3650)
    sub = pki.certificate(f"{org} Sub", issuer_cn=f"{org} Root", issuer_key=pki.key(f"{org} Root"), ca=True, days=1825)
    for cert in (root, sub):
        assert_ok(admin.call("post", f"{PM}/partners/certificate/ca/upload",
                             body=v1(certificateData=pki.pem(cert), partnerDomain="DEVICE")))
    leaf = pki.certificate(partner_id, org=org, issuer_cn=f"{org} Sub", issuer_key=pki.key(f"{org} Sub"))
    return assert_ok(api.call("post", f"{PM}/partners/certificate/upload", body=v1(
        partnerId=partner_id, certificateData=pki.pem(leaf), partnerDomain="DEVICE")))


def provider(admin, name, org):
    api = PmsApi(token=token_for(make_user(name, ["DEVICE_PROVIDER"])))
    register(api, name, org)
    certify(admin, api, name, org)
    return api


def add_sbi(api, partner_id, version="1.0", **over):
    request = {"swBinaryHash": "hash-" + version, "swVersion": version, "providerId": partner_id,
               "swCreateDateTime": day(-30), "swExpiryDateTime": day(365), **over}
    return api.call("post", SBI, body=v1(**request))


def approve_sbi(admin, sbi_id, status="Activate"):
    return admin.call("patch", SBI, body=v1(id=sbi_id, approvalStatus=status))


def add_device(api, sbi_id, partner_id, make="Acme", model="FS-10", sub_type="Slap", device_type="Finger", **extra):
    return api.call("post", f"{SBI}/{sbi_id}/devices", body=v2(
        "mosip.pms.add.device.to.sbi.id.post", deviceProviderId=partner_id, deviceTypeCode=device_type,
        deviceSubTypeCode=sub_type, make=make, model=model, **extra))


def decide(admin, device_id, partner_id, sbi_id, status="approved"):
    return admin.call("post", f"{DEVICE}/{device_id}/approval", body=v2(
        "mosip.pms.approval.mapping.device.to.sbi.post", partnerId=partner_id, sbiId=sbi_id, status=status))


def deactivate_sbi(api, sbi_id, status="De-Activate"):
    return api.call("patch", f"{SBI}/{sbi_id}", body=v2("mosip.pms.deactivate.sbi.patch", status=status))


def deactivate_device(api, device_id, status="De-Activate"):
    return api.call("patch", f"{DEVICE}/{device_id}", body=v2("mosip.pms.deactivate.device.patch", status=status))


@pytest.fixture
def acme(admin):
    return provider(admin, "acme", "Acme Sensors")


@pytest.fixture
def approved_sbi(acme, admin):
    sbi_id = assert_ok(add_sbi(acme, "acme"))["id"]
    assert assert_ok(approve_sbi(admin, sbi_id)) == "Secure biometric details approved successfully."
    return sbi_id


def _without_time(body):
    return {k: v for k, v in body.items() if k not in ("responsetime", "responseTime")}


# --- the journey --------------------------------------------------------------------------

def test_a_device_providers_journey_from_registration_to_approved_lists(admin, acme):
    sbi_id = assert_ok(add_sbi(acme, "acme"))["id"]
    listed = assert_ok(acme.get(SBI))
    assert [(r["sbiId"], r["status"], r["isActive"]) for r in listed["data"]] == [(sbi_id, "pending_approval", False)]
    assert_ok(approve_sbi(admin, sbi_id))
    device_id = assert_ok(add_device(acme, sbi_id, "acme"))["id"]
    assert len(device_id) == 36 and DeviceDetail.objects.get(pk=device_id).approval_status == "pending_approval"
    assert DeviceDetailSbi.objects.get(device_id=device_id).is_active is False
    assert assert_ok(decide(admin, device_id, "acme", sbi_id)) is True

    summary = assert_ok(acme.get(SBI))["data"][0]
    assert (summary["status"], summary["countOfAssociatedDevices"], summary["countOfApprovedDevices"],
            summary["sbiExpiryStatus"]) == ("approved", 1, 1, "valid")
    devices = assert_ok(admin.get(DEVICE))
    assert devices["totalResults"] == 1 and devices["pageSize"] == 8
    assert (devices["data"][0]["deviceId"], devices["data"][0]["status"], devices["data"][0]["sbiId"]) == (
        device_id, "approved", sbi_id)
    mapped = assert_ok(acme.get(f"{SBI}/{sbi_id}/devices"))
    assert [(d["deviceId"], d["status"], d["isActive"]) for d in mapped] == [(device_id, "approved", True)]
    assert DeviceDetailSbi.objects.get(device_id=device_id).is_active is True
    sbi = SecureBiometricInterface.objects.get(pk=sbi_id)
    assert sbi.history.count() == 2 and DeviceDetail.objects.get(pk=device_id).history.count() == 2


def test_a_rejected_device_model_may_be_submitted_again(admin, acme, approved_sbi):
    first = assert_ok(add_device(acme, approved_sbi, "acme"))["id"]
    assert add_device(acme, approved_sbi, "acme").error_codes == ["PMS_AUT_003"]  # still pending: a duplicate
    assert_ok(decide(admin, first, "acme", approved_sbi, status="rejected"))
    second = assert_ok(add_device(acme, approved_sbi, "acme"))["id"]
    assert second != first
    assert decide(admin, first, "acme", approved_sbi).error_codes == ["PMS_DEVICE_ERROR_010"]  # rejection is final
    assert_ok(decide(admin, second, "acme", approved_sbi))
    assert add_device(acme, approved_sbi, "acme").error_codes == ["PMS_AUT_003"]  # approved and active: a duplicate


def test_deactivation_is_final_for_an_sbi_and_cascades_to_its_devices(admin, acme, approved_sbi):
    approved = assert_ok(add_device(acme, approved_sbi, "acme", model="A"))["id"]
    assert_ok(decide(admin, approved, "acme", approved_sbi))
    pending = assert_ok(add_device(acme, approved_sbi, "acme", model="B"))["id"]
    answer = assert_ok(deactivate_sbi(acme, approved_sbi))
    assert answer == {"sbiId": approved_sbi, "sbiVersion": "1.0", "status": "approved", "active": False,
                      "isActive": False}
    assert DeviceDetail.objects.get(pk=approved).status == "deactivated"
    assert DeviceDetail.objects.get(pk=pending).approval_status == "rejected"
    assert deactivate_sbi(acme, approved_sbi).error_codes == ["PMS_DEVICE_ERROR_020"]
    # the legacy routes cannot bring it back
    before = snapshot(SecureBiometricInterface, DeviceDetail)
    assert approve_sbi(admin, approved_sbi).error_codes == ["PMS_DEVICE_ERROR_020"]
    assert approve_sbi(admin, approved_sbi, "De-activate").error_codes == ["PMS_DEVICE_ERROR_020"]
    assert acme.call("put", SBI, body=v1(id=approved_sbi, swBinaryHash="h", swVersion="1.0", isActive=True,
                                         swCreateDateTime=day(-30), swExpiryDateTime=day(365))
                     ).error_codes == ["PMS_DEVICE_ERROR_020"]
    assert admin.call("patch", DEVICE, body=v1(id=approved, approvalStatus="Activate")).error_codes == [
        "PMS_DEVICE_ERROR_010"]
    assert add_device(acme, approved_sbi, "acme", model="C").error_codes == ["PMS_DEVICE_ERROR_029"]
    assert snapshot(SecureBiometricInterface, DeviceDetail).rows == before.rows
    listed = {r["deviceId"]: r["status"] for r in assert_ok(admin.get(DEVICE))["data"]}
    assert listed == {approved: "deactivated", pending: "rejected"}
    assert assert_ok(acme.get(SBI, params={"status": "deactivated"}))["totalResults"] == 1


def test_a_device_deactivation_is_final(admin, acme, approved_sbi):
    device_id = assert_ok(add_device(acme, approved_sbi, "acme"))["id"]
    assert deactivate_device(acme, device_id).error_codes == ["PMS_DEVICE_ERROR_023"]  # not approved yet
    assert_ok(decide(admin, device_id, "acme", approved_sbi))
    assert deactivate_device(acme, device_id, "Deactivate").error_codes == ["PMS_DEVICE_ERROR_026"]
    assert assert_ok(deactivate_device(acme, device_id)) == {"deviceId": device_id, "status": "approved",
                                                             "isActive": False, "active": False}
    assert deactivate_device(acme, device_id).error_codes == ["PMS_DEVICE_ERROR_014"]
    for status in ("Activate", "De-activate"):
        assert admin.call("patch", DEVICE, body=v1(id=device_id, approvalStatus=status)).error_codes == [
            "PMS_DEVICE_ERROR_010"]
    assert decide(admin, device_id, "acme", approved_sbi).error_codes == ["PMS_DEVICE_ERROR_010"]
    # a deactivated model may be submitted again, as a new device
    assert_ok(add_device(acme, approved_sbi, "acme"))


def test_sbi_rejection_is_final(admin, acme):
    sbi_id = assert_ok(add_sbi(acme, "acme"))["id"]
    assert assert_ok(approve_sbi(admin, sbi_id, "De-activate")) == "Secure biometric details rejected successfully."
    assert approve_sbi(admin, sbi_id).error_codes == ["PMS_AUT_518"]
    assert add_device(acme, sbi_id, "acme").error_codes == ["PMS_DEVICE_ERROR_028"]
    assert deactivate_sbi(acme, sbi_id).error_codes == ["PMS_DEVICE_ERROR_022"]
    assert add_sbi(acme, "acme").error_codes == ["PMS_AUT_512"]  # the version stays taken, as MOSIP says


# --- refusals -----------------------------------------------------------------------------

@pytest.mark.parametrize("over,code", [
    ({"swCreateDateTime": day(2)}, "PMS_AUT_514"),
    ({"swExpiryDateTime": day(0)}, "PMS_AUT_508"),
    ({"swCreateDateTime": day(-366 * 11)}, "PMS_AUT_516"),
    ({"swExpiryDateTime": day(366 * 11)}, "PMS_AUT_515"),
    ({"providerId": "nobody"}, "PMS_AUT_002"),
])
def test_r70_refusals_change_nothing(acme, over, code):
    answer = add_sbi(acme, "acme", **over)
    assert answer.error_codes == [code] and answer.body["id"] == "mosip.partnermanagement"
    assert not SecureBiometricInterface.objects.exists()


def test_r70_dates_follow_the_configured_years(acme, settings):
    settings.PMS_SBI_EXPIRY_MAX_YEARS = 1
    answer = add_sbi(acme, "acme", swExpiryDateTime=day(400))
    assert answer.error_codes == ["PMS_AUT_515"]
    assert answer.body["errors"][0]["message"] == "Expiry date should not be greater than 1 years from today"


def test_r72_refuses_an_approved_sbi_and_an_unknown_status(admin, acme, approved_sbi):
    assert approve_sbi(admin, approved_sbi).error_codes == ["PMS_AUT_517"]
    pending = assert_ok(add_sbi(acme, "acme", version="2.0"))["id"]
    assert approve_sbi(admin, pending, "Approve").error_codes == ["PMS_AUT_026"]
    assert approve_sbi(admin, "nothing-here").error_codes == ["PMS_AUT_007"]


def test_r75_refuses_a_pending_or_expired_sbi_and_a_bad_sub_type(admin, acme, approved_sbi):
    pending = assert_ok(add_sbi(acme, "acme", version="2.0"))["id"]
    assert add_device(acme, pending, "acme").error_codes == ["PMS_DEVICE_ERROR_009"]
    assert add_device(acme, approved_sbi, "acme", sub_type="Full face").error_codes == ["PMS_AUT_001"]
    SecureBiometricInterface.objects.filter(pk=approved_sbi).update(sw_expires_at=timezone.now() - dt.timedelta(days=2))
    assert add_device(acme, approved_sbi, "acme").error_codes == ["PMS_DEVICE_ERROR_021"]
    assert not DeviceDetail.objects.exists()  # the device made before the SBI check is rolled back


def test_a_supplied_device_id_never_overwrites_a_device(admin, acme, approved_sbi):
    device_id = assert_ok(add_device(acme, approved_sbi, "acme", id="my-device-1"))["id"]
    assert device_id == "my-device-1"
    before = snapshot(DeviceDetail)
    answer = acme.call("post", DEVICE, body=v1(id=device_id, deviceProviderId="acme", deviceTypeCode="Iris",
                                               deviceSubTypeCode="Double", make="Other", model="X"))
    assert answer.error_codes == ["PMS_AUT_003"]
    assert snapshot(DeviceDetail).rows == before.rows


def test_r85_approval_needs_the_mapping_and_a_pending_device(admin, acme, approved_sbi):
    legacy = assert_ok(acme.call("post", DEVICE, body=v1(deviceProviderId="acme", deviceTypeCode="Face",
                                                         deviceSubTypeCode="Full face", make="Acme", model="C1")))["id"]
    assert decide(admin, legacy, "acme", approved_sbi).error_codes == ["PMS_DEVICE_ERROR_012"]
    assert decide(admin, legacy, "acme", None).error_codes == ["PMS_DEVICE_ERROR_024"]
    assert decide(admin, legacy, "acme", approved_sbi, status="Approved").error_codes == ["PMS_DEVICE_ERROR_027"]
    assert decide(admin, legacy, None, approved_sbi).error_codes == ["PMS_REQUEST_ERROR_001"]
    assert decide(admin, "nobody", "acme", approved_sbi).error_codes == ["PMS_DEVICE_ERROR_006"]


def test_r79_maps_an_approved_device_and_r80_removes_it(admin, acme, approved_sbi):
    device_id = assert_ok(add_device(acme, approved_sbi, "acme"))["id"]
    other = assert_ok(add_sbi(acme, "acme", version="2.0"))["id"]
    body = v1(deviceDetailId=device_id, sbiId=other)
    assert acme.call("put", f"{SBI}/devicedetails/map", body=body).error_codes == ["PMS_AUT_027"]
    assert_ok(decide(admin, device_id, "acme", approved_sbi))
    assert acme.call("put", f"{SBI}/devicedetails/map", body=body).error_codes == ["PMS_AUT_511"]
    assert_ok(approve_sbi(admin, other))
    assert assert_ok(acme.call("put", f"{SBI}/devicedetails/map", body=body)) == "Success"
    assert assert_ok(acme.call("put", f"{SBI}/devicedetails/map", body=body)) == "Mapping already exists"
    found = assert_ok(acme.call("post", f"{SBI}/devicedetails/map/search", body=v1(
        filters=[{"columnName": "sbiId", "type": "equals", "value": other}], sort=[],
        pagination={"pageStart": 0, "pageFetch": 10})))
    assert [(r["deviceDetailId"], r["swVersion"]) for r in found["data"]] == [(device_id, "2.0")]
    assert assert_ok(acme.call("put", f"{SBI}/devicedetails/map/remove", body=body)) == "Success"
    assert acme.call("put", f"{SBI}/devicedetails/map/remove", body=body).error_codes == ["PMS_AUT_510"]


# --- scope ----------------------------------------------------------------------------------

def test_another_partners_sbi_and_device_answer_like_unknown_ones(admin, acme, approved_sbi):
    device_id = assert_ok(add_device(acme, approved_sbi, "acme"))["id"]
    intruder = provider(admin, "intruder", "Intruder Devices")
    mine = assert_ok(add_sbi(intruder, "intruder"))["id"]
    before = snapshot(SecureBiometricInterface, DeviceDetail, DeviceDetailSbi)
    calls = [
        (lambda i: add_sbi(intruder, i, version="9.0"), "acme", "nobody"),
        (lambda i: deactivate_sbi(intruder, i), approved_sbi, "nobody"),
        (lambda i: intruder.get(f"{SBI}/{i}/devices"), approved_sbi, "nobody"),
        (lambda i: add_device(intruder, i, "intruder"), approved_sbi, "nobody"),
        (lambda i: add_device(intruder, mine, i), "acme", "nobody"),
        (lambda i: deactivate_device(intruder, i), device_id, "nobody"),
        (lambda i: intruder.call("put", SBI, body=v1(id=i, swBinaryHash="h", swVersion="5", isActive=False,
                                                     swCreateDateTime=day(-1), swExpiryDateTime=day(9))),
         approved_sbi, "nobody"),
        (lambda i: intruder.call("put", DEVICE, body=v1(id=i, deviceTypeCode="Finger", deviceSubTypeCode="Slap",
                                                        make="X", model="Y")), device_id, "nobody"),
        (lambda i: intruder.call("put", f"{SBI}/devicedetails/map", body=v1(deviceDetailId=i, sbiId=mine)),
         device_id, "nobody"),
    ]
    for call, victim, unknown in calls:
        on_victim, on_unknown = call(victim), call(unknown)
        assert on_victim.error_codes and on_victim.body["response"] is None, on_victim.body
        # some messages echo the id asked for (the caller's own input): swapped, the answers are equal
        seen = json.loads(json.dumps(on_victim.body).replace(victim, unknown))
        assert _without_time(seen) == _without_time(on_unknown.body)
        assert "Acme" not in json.dumps(on_victim.body)
    assert snapshot(SecureBiometricInterface, DeviceDetail, DeviceDetailSbi).rows == before.rows
    assert [r["sbiId"] for r in assert_ok(intruder.get(SBI))["data"]] == [mine]
    empty = v1(filters=[], sort=[], pagination={"pageStart": 0, "pageFetch": 10})
    assert [r["id"] for r in assert_ok(intruder.call("post", f"{SBI}/search", body=empty))["data"]] == [mine]
    assert assert_ok(intruder.call("post", f"{DEVICE}/search", body=empty))["data"] is None
    assert assert_ok(admin.call("post", f"{SBI}/search", body=empty))["totalRecord"] == 2


def test_a_caller_without_a_partner_is_told_so_on_the_revamp_routes():
    lonely = PmsApi(token=token_for(make_user("lonely", ["DEVICE_PROVIDER"])))
    assert lonely.get(SBI).error_codes == ["PMS_CERTIFICATE_ERROR_002"]
    assert deactivate_sbi(lonely, "x").error_codes == ["PMS_CERTIFICATE_ERROR_002"]


# --- one record, two spellings --------------------------------------------------------------

def test_1_1_status_spellings_read_as_the_same_states(admin, acme, approved_sbi):
    assert [approval_status_of(s) for s in ("Pending_Approval", "Activated", "De-activated", "approved", "x")] == [
        "pending_approval", "approved", "rejected", "approved", None]
    assert assert_ok(acme.get(SBI, params={"status": "Activated"}))["totalResults"] == 1
    assert assert_ok(acme.get(SBI, params={"status": "Pending_Approval"}))["totalResults"] == 0
    found = assert_ok(acme.call("post", f"{SBI}/search", body=v1(
        filters=[{"columnName": "approvalStatus", "type": "equals", "value": "Activated"}], sort=[],
        pagination={"pageStart": 0, "pageFetch": 10})))
    assert [r["approvalStatus"] for r in found["data"]] == ["approved"]


def test_the_1_2_device_types_are_the_1_0_master_data(acme):
    answer = assert_ok(acme.call("post", f"{DEVICE}/deviceType/search", body=v1(
        filters=[{"columnName": "deviceType", "type": "equals", "value": "Finger"}], sort=[],
        pagination={"pageStart": 0, "pageFetch": 10}, purpose="REGISTRATION")))
    assert sorted(r["code"] for r in answer["data"]) == ["Single", "Slap", "Touchless"]
    types = assert_ok(acme.call("post", f"{DEVICE}/deviceType/filtervalues", body=v1(
        filters=[{"columnName": "name", "type": "unique", "text": ""}], purpose="REGISTRATION")))
    assert sorted(f["fieldCode"] for f in types["filters"]) == ["Face", "Finger", "Iris"]
    subs = assert_ok(acme.call("post", f"{DEVICE}/deviceSubType/filtervalues", body=v1(
        filters=[{"columnName": "deviceType", "type": "unique", "text": "Iris"}])))
    assert sorted(f["fieldCode"] for f in subs["filters"]) == ["Double", "Single"]
    assert DeviceSubType.objects.filter(device_type_id="Face", code="Full face").exists()


def test_r89_shows_make_and_model(admin, acme, approved_sbi):
    assert_ok(add_device(acme, approved_sbi, "acme"))
    values = assert_ok(acme.call("post", f"{DEVICE}/filtervalues", body=v1(
        filters=[{"columnName": "make", "type": "unique", "text": "ac"}])))
    assert [f["fieldValue"] for f in values["filters"]] == ["Acme FS-10"]


def test_device_types_changed_through_the_1_0_back_office_are_what_1_2_reads(admin, acme, approved_sbi):
    from devices.models import DeviceType
    from devices.services import masterdata
    from kernel.actors import Actor
    from kernel.roles import Role

    zonal = Actor(username="zonal", roles=frozenset({Role.ZONAL_ADMIN}), user=make_user("zonal", ["ZONAL_ADMIN"]))
    palm = masterdata.save_device_type(actor=zonal, code="Palm", name="Palm", description="", is_active=True,
                                       create=True)
    masterdata.save_device_sub_type(actor=zonal, sub_type_id=None, device_type=palm, code="Flat", name="Flat",
                                    description="", is_active=True)
    types = assert_ok(acme.call("post", f"{DEVICE}/deviceType/filtervalues", body=v1(
        filters=[{"columnName": "code", "type": "unique", "text": "pa"}])))
    assert [f["fieldCode"] for f in types["filters"]] == ["Palm"]
    assert_ok(add_device(acme, approved_sbi, "acme", sub_type="Flat", device_type="Palm"))
    slap = DeviceSubType.objects.get(device_type_id="Finger", code="Slap")
    masterdata.save_device_sub_type(actor=zonal, sub_type_id=slap.pk, device_type=DeviceType.objects.get(pk="Finger"),
                                    code="Slap", name="Slap", description="", is_active=False)
    assert add_device(acme, approved_sbi, "acme").error_codes == ["PMS_AUT_001"]  # an inactive sub-type


def test_the_1_0_device_registry_keeps_its_own_records(admin, acme, approved_sbi):
    from devices.models import DeviceProvider, MosipDeviceService, RegisteredDevice

    assert_ok(add_device(acme, approved_sbi, "acme"))
    assert not DeviceProvider.objects.exists() and not MosipDeviceService.objects.exists()
    assert not RegisteredDevice.objects.exists()


def test_the_legacy_sbi_search_and_the_revamp_list_shapes(admin, acme, approved_sbi):
    import base64

    assert assert_ok(acme.get(f"{SBI}/{approved_sbi}/devices")) is None  # MOSIP's null, not []
    assert_ok(add_sbi(acme, "acme", version="2.0"))
    page = assert_ok(acme.get(SBI, params={"sortFieldName": "sbiVersion", "sortType": "desc", "pageNo": "0",
                                           "pageSize": "1"}))
    assert (page["totalResults"], page["pageSize"], [r["sbiVersion"] for r in page["data"]]) == (2, 1, ["2.0"])
    unpaired = acme.get(SBI, params={"sortFieldName": "sbiVersion", "sortType": "desc"})
    assert unpaired.error_codes == ["PMS_PS_ERROR_008"] and unpaired.body["id"] == "mosip.partnermanagement"
    found = assert_ok(acme.call("post", f"{SBI}/search", body=v1(
        filters=[{"columnName": "swVersion", "type": "equals", "value": "1.0"}], sort=[],
        pagination={"pageStart": 0, "pageFetch": 10})))
    row = found["data"][0]
    assert row["swBinaryHash"] == base64.b64encode(b"hash-1.0").decode() and row["deviceDetailId"] is None
    assert (row["approvalStatus"], row["providerId"], row["partnerOrganizationName"]) == (
        "approved", "acme", "Acme Sensors")
    values = assert_ok(acme.call("post", f"{SBI}/filtervalues", body=v1(
        filters=[{"columnName": "swVersion", "type": "unique", "text": ""}])))
    assert sorted(f["fieldValue"] for f in values["filters"]) == ["1.0", "2.0"]


# --- hostile inputs (red team) --------------------------------------------------------------

@pytest.mark.parametrize("bad_id", ["a/b", "../x", "a?b", "a#b", "a b", "a%2Fb", "é-device", "a\\b", "-x", ".", "a\u202eb"])
def test_a_supplied_device_id_the_routes_could_not_name_is_refused(admin, acme, approved_sbi, bad_id):
    """A device whose id holds ``/``, ``?``, ``#``, spaces, ``%`` or non-ASCII could never
    be approved (R85) or deactivated (R86) through its route, nor linked from the portal:
    such an id is refused on R75 and R82 and nothing is written."""
    before = snapshot(DeviceDetail, DeviceDetailSbi)
    on_sbi = add_device(acme, approved_sbi, "acme", id=bad_id)
    legacy = acme.call("post", DEVICE, body=v1(id=bad_id, deviceProviderId="acme", deviceTypeCode="Face",
                                               deviceSubTypeCode="Full face", make="Acme", model="C1"))
    for answer in (on_sbi, legacy):
        assert answer.error_codes == ["PMS_COR_002"], answer.body
        assert "id" in answer.body["errors"][0]["message"]
    assert snapshot(DeviceDetail, DeviceDetailSbi).rows == before.rows


def test_extra_fields_on_the_create_routes_are_not_taken(admin, acme):
    """Mass assignment: status, activity, ownership or dates in the body change nothing."""
    extra = {"isActive": True, "approvalStatus": "approved", "status": "approved", "crBy": "root",
             "partnerOrgName": "Someone Else", "provider": "intruder"}
    sbi_id = assert_ok(add_sbi(acme, "acme", **extra))["id"]
    sbi = SecureBiometricInterface.objects.get(pk=sbi_id)
    assert (sbi.approval_status, sbi.is_active, sbi.partner_org_name) == ("pending_approval", False, "Acme Sensors")
    assert_ok(approve_sbi(admin, sbi_id))
    device_id = assert_ok(add_device(acme, sbi_id, "acme", **extra))["id"]
    device = DeviceDetail.objects.get(pk=device_id)
    assert (device.approval_status, device.is_active, device.partner_org_name) == ("pending_approval", False,
                                                                                  "Acme Sensors")


def test_only_a_device_providers_partner_gets_sbis_and_devices(admin, acme, approved_sbi):
    """MOSIP checks no partner type on R70, R75 and R82: here a device provider's owner
    cannot give its authentication (or FTM) partner SBIs or device models."""
    from django.contrib.auth import get_user_model

    from partners.tests.factories import make_partner

    owner = get_user_model().objects.get(username="acme")
    make_partner(owner, name="Acme Auth", partner_type="Auth_Partner", partner_id="acme-auth")
    before = snapshot(SecureBiometricInterface, DeviceDetail, DeviceDetailSbi)
    answers = [add_sbi(acme, "acme-auth", version="7.0"), add_device(acme, approved_sbi, "acme-auth"),
               acme.call("post", DEVICE, body=v1(deviceProviderId="acme-auth", deviceTypeCode="Face",
                                                 deviceSubTypeCode="Full face", make="Acme", model="C1"))]
    for answer in answers:
        assert answer.error_codes == ["PMS_DEVICE_ERROR_003"], answer.body
    assert snapshot(SecureBiometricInterface, DeviceDetail, DeviceDetailSbi).rows == before.rows
    # PARTNER_ADMIN neither
    assert add_sbi(admin, "acme-auth", version="7.0").error_codes == ["PMS_DEVICE_ERROR_003"]


def test_r71_cannot_change_what_an_admin_decided(admin, acme, approved_sbi):
    """The legacy R71 would let a provider swap the binary hash, or push out the expiry, of
    an SBI a partner admin already approved (or rejected), with no new review: only an SBI
    pending approval has its values changed; R71 may still deactivate an approved one."""
    stored = SecureBiometricInterface.objects.get(pk=approved_sbi)
    same = {"swBinaryHash": stored.sw_binary_hash, "swVersion": stored.sw_version,
            "swCreateDateTime": stored.sw_created_at.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "swExpiryDateTime": stored.sw_expires_at.strftime("%Y-%m-%dT%H:%M:%S.000Z")}
    before = snapshot(SecureBiometricInterface)
    for change in ({"swBinaryHash": "evil-hash"}, {"swExpiryDateTime": day(3000)}, {"swVersion": "1.0-evil"},
                   {"swCreateDateTime": day(-1)}):
        answer = acme.call("put", SBI, body=v1(id=approved_sbi, isActive=True, **{**same, **change}))
        assert answer.error_codes == ["PMS_AUT_517"], (change, answer.body)
    assert snapshot(SecureBiometricInterface).rows == before.rows
    rejected = assert_ok(add_sbi(acme, "acme", version="3.0"))["id"]
    assert_ok(approve_sbi(admin, rejected, "De-activate"))
    assert acme.call("put", SBI, body=v1(id=rejected, isActive=False, swBinaryHash="x", swVersion="3.0",
                                         swCreateDateTime=day(-30), swExpiryDateTime=day(365))
                     ).error_codes == ["PMS_AUT_518"]
    # a pending SBI is still changed, and an approved one deactivated with its values as they are
    pending = assert_ok(add_sbi(acme, "acme", version="4.0"))["id"]
    assert_ok(acme.call("put", SBI, body=v1(id=pending, isActive=False, swBinaryHash="new", swVersion="4.1",
                                            swCreateDateTime=day(-3), swExpiryDateTime=day(30))))
    assert SecureBiometricInterface.objects.get(pk=pending).sw_binary_hash == "new"
    assert_ok(acme.call("put", SBI, body=v1(id=approved_sbi, isActive=False, **same)))
    assert SecureBiometricInterface.objects.get(pk=approved_sbi).status == "deactivated"


def test_an_inactive_partner_changes_nothing_through_the_legacy_routes(admin, acme, approved_sbi):
    """R73 and R86 refuse a partner a partner admin deactivated (PMS_PMP_016); the legacy
    R71, R79, R80 and R83 did not: its SBIs, devices and mappings stay as they are."""
    from partners.models import Partner

    device_id = assert_ok(add_device(acme, approved_sbi, "acme"))["id"]
    assert_ok(decide(admin, device_id, "acme", approved_sbi))
    other = assert_ok(add_sbi(acme, "acme", version="2.0"))["id"]
    assert_ok(approve_sbi(admin, other))
    pending_device = assert_ok(acme.call("post", DEVICE, body=v1(
        deviceProviderId="acme", deviceTypeCode="Face", deviceSubTypeCode="Full face", make="Acme", model="C1")))["id"]
    pending_sbi = assert_ok(add_sbi(acme, "acme", version="3.0"))["id"]
    Partner.objects.filter(pk="acme").update(is_active=False)
    before = snapshot(SecureBiometricInterface, DeviceDetail, DeviceDetailSbi)
    answers = [
        acme.call("put", SBI, body=v1(id=pending_sbi, swBinaryHash="new", swVersion="3.1", isActive=False,
                                      swCreateDateTime=day(-3), swExpiryDateTime=day(30))),
        acme.call("put", DEVICE, body=v1(id=pending_device, deviceTypeCode="Face", deviceSubTypeCode="Full face",
                                         make="Other", model="C2")),
        acme.call("put", f"{SBI}/devicedetails/map", body=v1(deviceDetailId=device_id, sbiId=other)),
        acme.call("put", f"{SBI}/devicedetails/map/remove", body=v1(deviceDetailId=device_id, sbiId=approved_sbi)),
    ]
    for answer in answers:
        assert answer.error_codes == ["PMS_PMP_016"], answer.body
    assert snapshot(SecureBiometricInterface, DeviceDetail, DeviceDetailSbi).rows == before.rows
