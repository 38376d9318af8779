"""The MISP life cycle over HTTP with the doubled prefix (catalog §6.2, issue "Must show")."""

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from misp.models import LicenseKey, Misp
from tests.support.api import PmsApi, assert_ok
from tests.support.audit import assert_refused, snapshot
from tests.support.users import make_user, token_for

pytestmark = pytest.mark.django_db

M = "/partnermanagement/v1/misps/misps"


@pytest.fixture
def admin():
    return PmsApi(token=token_for(make_user("misp-admin", ["MISP_ADMIN"])))


@pytest.fixture
def ida():
    return PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"])))


def create(api, **overrides):
    body = {"organizationName": "Telecom MISP", "contactNumber": "9876998888", "emailId": "ops@misp.example",
            "address": "India"}
    body.update(overrides)
    return api.post(M, body)


def test_create_approve_validate_deactivate_reactivate_and_renew(admin, ida):
    first = assert_ok(create(admin))
    assert first["mispStatus"] == "Active"
    second = assert_ok(admin.post(M, {"name": "Other MISP", "contactNumber": "1", "emailID": "a@b.example",
                                      "address": "x"}))  # the [S1] spelling
    assert Misp.objects.get(pk=second["mispID"]).name == "Other MISP"
    misp_id = first["mispID"]
    approved = assert_ok(admin.patch(f"{M}/{misp_id}/status", {"mispStatus": "approved"}))
    key = approved["mispLicenseKey"]
    assert len(key) == 50 and key.isalnum()
    expiry = dt.datetime.fromisoformat(approved["mispLicenseKeyExpiry"].replace("Z", "+00:00"))
    assert abs(expiry - (timezone.now() + dt.timedelta(days=90))) < dt.timedelta(minutes=1)

    validate = {"mispLicenseKey": key}
    assert assert_ok(ida.patch(f"{M}/{misp_id}/licenseKey", validate))["message"] == "MISP License key is valid"
    assert_ok(admin.patch(f"{M}/{misp_id}", {"mispStatus": "De-Active"}))
    assert ida.patch(f"{M}/{misp_id}/licenseKey", validate).error_codes == ["PMS_MSP_008"]
    assert_ok(admin.put(f"{M}/{misp_id}", {"msipStatus": "Active"}))  # PUT with only the status, [V1] spelling
    assert_ok(ida.patch(f"{M}/{misp_id}/licenseKey", validate))

    stored = LicenseKey.objects.get()
    stored.valid_to = timezone.now() - dt.timedelta(days=1)  # the clock moved past the expiry
    stored.save()
    assert ida.patch(f"{M}/{misp_id}/licenseKey", validate).error_codes == ["PMS_MSP_008"]
    renewed = assert_ok(admin.get(f"{M}/{misp_id}/licenseKey"))
    assert renewed["mispLicenseKey"] != key and len(renewed["mispLicenseKey"]) == 50
    assert ida.patch(f"{M}/{misp_id}/licenseKey", validate).error_codes == ["PMS_MSP_008"]
    assert_ok(ida.patch(f"{M}/{misp_id}/licenseKey", {"mispLicenseKey": renewed["mispLicenseKey"]}))

    # never in clear at rest or in the trail
    for value in (key, renewed["mispLicenseKey"]):
        assert not LicenseKey.objects.filter(sealed_key__contains=value).exists()
        assert not AuditEvent.objects.filter(description__contains=value).exists()
    listed = assert_ok(admin.get(M))["mispDetails"]
    assert renewed["mispLicenseKey"] not in str(listed)


def test_misp_refusals_change_nothing_and_are_audited(admin, ida):
    misp_id = assert_ok(create(admin))["mispID"]
    before = snapshot(Misp, LicenseKey)
    assert_refused(create(admin, organizationName="TELECOM misp"), "PMS_MSP_003", unchanged=before,
                   event="misp.create.duplicate_name")
    assert_refused(create(admin, organizationName="New", emailId="nope"), "PMS_COR_002", unchanged=before,
                   event="misp.create.invalid_email")
    assert_refused(admin.patch(f"{M}/{misp_id}/status", {"mispStatus": "maybe"}), "PMS_MSP_015", unchanged=before,
                   event="misp.approval.invalid_status")
    assert_refused(admin.patch(f"{M}/999/status", {"mispStatus": "approved"}), "PMS_MSP_005", unchanged=before,
                   event="misp.approval.failure")
    assert_refused(admin.patch(f"{M}/{misp_id}", {"mispStatus": "sideways"}), "PMS_MSP_016", unchanged=before,
                   event="misp.status.invalid_status")
    assert_refused(admin.patch(f"{M}/{misp_id}", {"mispStatus": "Active"}), "PMS_MSP_010", unchanged=before,
                   event="misp.status.failure")
    assert_refused(admin.put(f"{M}/{misp_id}", {"organizationName": ""}), "PMS_MSP_004", unchanged=before,
                   event="misp.update.failure")
    assert_refused(admin.put(f"{M}/{misp_id}", {"emailId": "nope"}), "PMS_COR_002", unchanged=before,
                   event="misp.update.invalid_email")
    assert_refused(admin.get(f"{M}/{misp_id}/licenseKey"), "PMS_MSP_018", unchanged=before,
                   event="misp.license.download.failure")
    assert_ok(admin.patch(f"{M}/{misp_id}", {"mispStatus": "De-Active"}))
    inactive = snapshot(Misp, LicenseKey)
    assert_refused(admin.patch(f"{M}/{misp_id}/status", {"mispStatus": "Approved"}), "PMS_MSP_1013", unchanged=inactive,
                   event="misp.approval.inactive")


def test_key_checks_in_their_order(admin, ida):
    first = assert_ok(create(admin))["mispID"]
    other = assert_ok(create(admin, organizationName="Other"))["mispID"]
    key = assert_ok(admin.patch(f"{M}/{first}/status", {"mispStatus": "Approved"}))["mispLicenseKey"]
    assert ida.patch(f"{M}/{first}/licenseKey", {"mispLicenseKey": "bad key!"}).error_codes == ["PMS_MSP_008"]
    assert ida.patch(f"{M}/{first}/licenseKey", {"mispLicenseKey": "x" * 50}).error_codes == ["PMS_MSP_006"]
    assert ida.patch(f"{M}/{other}/licenseKey", {"mispLicenseKey": key}).error_codes == ["PMS_MSP_007"]
    assert_ok(admin.put(f"{M}/{first}/licenseKey", {"mispLicenseKey": key, "mispLicenseKeyStatus": "De-Active"}))
    assert ida.patch(f"{M}/{first}/licenseKey", {"mispLicenseKey": key}).error_codes == ["PMS_MSP_008"]
    stored = LicenseKey.objects.get()
    stored.valid_to = timezone.now() - dt.timedelta(days=1)
    stored.save()
    answer = admin.put(f"{M}/{first}/licenseKey", {"mispLicenseKey": key, "mispLicenseKeyStatus": "Active"})
    assert answer.error_codes == ["PMS_MSP_017"]


def test_rejection_deactivates_the_keys_and_a_repeat_is_refused(admin, ida):
    misp_id = assert_ok(create(admin))["mispID"]
    key = assert_ok(admin.patch(f"{M}/{misp_id}/status", {"mispStatus": "Approved"}))["mispLicenseKey"]
    assert admin.patch(f"{M}/{misp_id}/status", {"mispStatus": "Approved"}).error_codes == ["PMS_MSP_014"]
    assert_ok(admin.patch(f"{M}/{misp_id}/status", {"mispStatus": "Rejected"}))
    assert ida.patch(f"{M}/{misp_id}/licenseKey", {"mispLicenseKey": key}).error_codes == ["PMS_MSP_008"]


def test_reads_by_id_and_name(admin):
    misp_id = assert_ok(create(admin))["mispID"]
    assert_ok(admin.patch(f"{M}/{misp_id}/status", {"mispStatus": "Approved"}))
    by_id = assert_ok(admin.get(f"{M}/mispId/{misp_id}"))
    assert by_id["organizationName"] == "Telecom MISP" and len(by_id["licenseKey"]) == 50
    assert list(assert_ok(admin.get(f"{M}/name/tele"))) == ["Telecom MISP"]
    assert admin.get(f"{M}/name/zzz").error_codes == ["PMS_MSP_011"]
    assert assert_ok(admin.get(f"{M}/{misp_id}"))["id"] == misp_id


@pytest.mark.parametrize("role", ["POLICYMANAGER", "PARTNERMANAGER", "AUTH_PARTNER", "ID_AUTHENTICATION"])
def test_only_misp_admins_manage(role):
    api = PmsApi(token=token_for(make_user("someone", [role])))
    assert create(api).status == 403
    assert api.get(M).status == 403


def events_of(answer):
    rows = AuditEvent.objects.filter(request_id=answer.headers["X-Request-ID"]).order_by("id")
    return list(rows.values_list("event_id", flat=True))


def test_each_operation_writes_the_seed_events_in_the_order_they_happen(admin, ida):
    """Catalog §12.3: the request row, the progress rows at their moments, the closing row."""
    created = create(admin)
    assert events_of(created) == ["PMS_MSP_101", "PMS_MSP_102", "PMS_MSP_103", "PMS_MSP_212", "PMS_MSP_200"]
    misp_id = assert_ok(created)["mispID"]
    assert AuditEvent.objects.get(request_id=created.headers["X-Request-ID"], event_id="PMS_MSP_212").ref_id == misp_id

    approved = admin.patch(f"{M}/{misp_id}/status", {"mispStatus": "approved"})
    assert events_of(approved) == ["PMS_MSP_104", "PMS_MSP_104", "PMS_MSP_202", "PMS_MSP_106", "PMS_MSP_201"]
    key = assert_ok(approved)["mispLicenseKey"]
    validated = ida.patch(f"{M}/{misp_id}/licenseKey", {"mispLicenseKey": key})
    assert events_of(validated) == ["PMS_MSP_109", "PMS_MSP_110", "PMS_MSP_111", "PMS_MSP_204"]
    assert AuditEvent.objects.get(request_id=validated.headers["X-Request-ID"],
                                  event_id="PMS_MSP_111").description.endswith("is valid")
    updated = admin.put(f"{M}/{misp_id}", {"organizationName": "Renamed MISP"})
    assert events_of(updated) == ["PMS_MSP_107", "PMS_MSP_108", "PMS_MSP_203"]
    deactivated = admin.patch(f"{M}/{misp_id}", {"mispStatus": "De-Active"})
    assert events_of(deactivated) == ["PMS_MSP_112", "PMS_MSP_113", "PMS_MSP_211", "PMS_MSP_205"]

    # a refusal keeps the progress made before it, drops the success notes, closes with the failure
    refused = ida.patch(f"{M}/{misp_id}/licenseKey", {"mispLicenseKey": key})
    assert events_of(refused) == ["PMS_MSP_109", "PMS_MSP_110", "PMS_MSP_111", "PMS_MSP_406"]
    assert AuditEvent.objects.get(request_id=refused.headers["X-Request-ID"],
                                  event_id="PMS_MSP_111").description.endswith("is inactive")
    again = admin.patch(f"{M}/{misp_id}", {"mispStatus": "De-Active"})
    assert events_of(again) == ["PMS_MSP_112", "PMS_MSP_113", "PMS_MSP_408"]
    rejected = admin.patch(f"{M}/{misp_id}/status", {"mispStatus": "rejected"})
    assert events_of(rejected) == ["PMS_MSP_104", "PMS_MSP_104", "PMS_MSP_202", "PMS_MSP_105", "PMS_MSP_201"]
    for value in (key,):
        assert not AuditEvent.objects.filter(description__contains=value).exists()


def test_every_key_and_lookup_refusal_changes_nothing_and_is_audited(admin, ida):
    first = assert_ok(create(admin))["mispID"]
    other = assert_ok(create(admin, organizationName="Other"))["mispID"]
    key = assert_ok(admin.patch(f"{M}/{first}/status", {"mispStatus": "Approved"}))["mispLicenseKey"]
    before = snapshot(Misp, LicenseKey)
    lk = f"{M}/{first}/licenseKey"
    refusals = [
        (ida.patch(lk, {"mispLicenseKey": "bad key!"}), "PMS_MSP_008", "misp.license.validate.failure"),
        (ida.patch(lk, {"mispLicenseKey": "x" * 50}), "PMS_MSP_006", "misp.license.validate.failure"),
        (ida.patch(f"{M}/{other}/licenseKey", {"mispLicenseKey": key}), "PMS_MSP_007", "misp.license.validate.failure"),
        (ida.patch(lk, {}), "PMS_COR_001", "misp.license.validate.failure"),
        (admin.put(f"{M}/{other}", {"organizationName": "telecom MISP"}), "PMS_MSP_003", "misp.update.duplicate_name"),
        (admin.put(f"{M}/999", {"address": "x"}), "PMS_MSP_005", "misp.update.failure"),
        (admin.patch(f"{M}/999", {"mispStatus": "Active"}), "PMS_MSP_005", "misp.status.failure"),
        (admin.patch(f"{M}/{first}/status", {"mispStatus": "approved"}), "PMS_MSP_014", "misp.approval.failure"),
        (admin.put(f"{M}/{first}/licenseKey", {"mispLicenseKey": key, "mispLicenseKeyStatus": "Maybe"}),
         "PMS_MSP_016", "misp.license.update.failure"),
        (admin.put(f"{M}/{other}/licenseKey", {"mispLicenseKey": key, "mispLicenseKeyStatus": "Active"}),
         "PMS_MSP_007", "misp.license.update.failure"),
        (admin.get(f"{M}/999/licenseKey"), "PMS_MSP_005", "misp.license.download.failure"),
        (admin.get(f"{M}/mispId/999"), "PMS_MSP_005", "misp.get.failure"),
        (admin.get(f"{M}/name/zzz"), "PMS_MSP_011", "misp.get.failure"),
    ]
    for answer, code, event in refusals:
        assert_refused(answer, code, unchanged=before, event=event)  # MOSIP: errors travel in a 200

    # an expired key cannot be activated; a MISP whose keys are all off has nothing to download
    assert_ok(admin.put(lk, {"mispLicenseKey": key, "mispLicenseKeyStatus": "De-Active"}))
    LicenseKey.objects.update(valid_to=timezone.now() - dt.timedelta(days=1))
    expired = snapshot(Misp, LicenseKey)
    assert_refused(ida.patch(lk, {"mispLicenseKey": key}), "PMS_MSP_008", unchanged=expired,
                   event="misp.license.validate.failure")
    answer = admin.put(lk, {"mispLicenseKey": key, "mispLicenseKeyStatus": "Active"})
    assert_refused(answer, "PMS_MSP_017", unchanged=expired, event="misp.license.update.failure")
    answer = admin.get(lk)
    assert_refused(answer, "PMS_MSP_019", unchanged=expired, event="misp.license.download.failure")
    assert_ok(admin.patch(f"{M}/{first}", {"mispStatus": "De-Active"}))
    inactive = snapshot(Misp, LicenseKey)
    answer = admin.get(lk)
    assert_refused(answer, "PMS_MSP_1013", unchanged=inactive,
                   event="misp.license.download.failure")
