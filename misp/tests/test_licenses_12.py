"""MOSIP 1.2's MISP license routes (R64-R67, ``/v1/partnermanager/misps``) over HTTP:
envelopes, codes, refusals, database state, audit, outbox; and one set of keys with the
1.0 MISP routes (M4, M6, PM12) both ways."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from events.models import OutboxEvent
from kernel.actors import Actor
from kernel.roles import Role
from kernel.secrets import secret_box
from misp import services as misp_services
from misp.models import LicenseKey, Misp
from partners.models import ApiKeyRequest, RequestStatus
from partners.tests.factories import make_partner, make_partner_manager
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory, PolicyGroupFactory
from tests.support.api import PmsApi, assert_ok
from tests.support.audit import assert_refused, snapshot
from tests.support.users import make_user, token_for

pytestmark = pytest.mark.django_db

R = "/v1/partnermanager/misps"
M = "/partnermanagement/v1/misps/misps"
PM12 = ("/partnermanagement/v1/pmpartners/pmpartners/validatePartnerMisp/partnerId/airtel-01/partnerApiKey/{k}"
        "/mispLicenseKey/{m}")
V1_KEYS = ["id", "version", "responsetime", "metadata", "response", "errors"]


@pytest.fixture
def hub(settings):
    settings.PMS_WEBSUB_HUB_URL = "http://hub.invalid/hub/"


@pytest.fixture
def group():
    return PolicyGroupFactory(name="Telecom")


@pytest.fixture
def misp_owner():
    return make_user("mispp", ["MISP_PARTNER"])


@pytest.fixture
def misp_partner(misp_owner, group):
    return make_partner(misp_owner, name="Telecom MISP", group=group, partner_type="MISP_Partner", partner_id="mispp-1")


@pytest.fixture
def owner_api(misp_owner):
    return PmsApi(token=token_for(misp_owner))


@pytest.fixture
def manager_api(group):
    return PmsApi(token=token_for(make_partner_manager("pm-telecom", [group])))


@pytest.fixture
def admin_api():
    return PmsApi(token=token_for(make_user("pms-admin", ["PARTNER_ADMIN"])))


@pytest.fixture
def misp_admin_api():
    return PmsApi(token=token_for(make_user("misp-admin", ["MISP_ADMIN"])))


@pytest.fixture
def ida():
    return PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"])))


def events_of(topic):
    return [json.loads(secret_box().open(e.sealed_data)) for e in OutboxEvent.objects.filter(topic=topic).order_by("pk")]


def issue(api, provider="mispp-1"):
    return api.post(R, {"providerId": provider})


# --- R64 issue --------------------------------------------------------------------------------

def test_r64_issues_a_sealed_key_on_a_linked_misp_record_and_publishes(owner_api, misp_partner, hub):
    answer = issue(owner_api)
    assert answer.status == 200 and list(answer.body) == V1_KEYS
    assert answer.body["id"] is None and answer.body["version"] is None
    out = assert_ok(answer)
    value = out["licenseKey"]
    assert len(value) == 50 and value.isalnum()
    assert out["providerId"] == "mispp-1" and out["licenseKeyStatus"] == "Active"
    expiry = dt.datetime.fromisoformat(out["licenseKeyExpiry"]).replace(tzinfo=dt.timezone.utc)
    assert abs(expiry - (timezone.now() + dt.timedelta(days=90))) < dt.timedelta(minutes=1)
    misp = Misp.objects.get(partner=misp_partner)
    assert (misp.name, misp.approval_status, misp.is_active, misp.owner_id) == (
        "Telecom MISP", "approved", True, misp_partner.owner_id)
    key = LicenseKey.objects.get(misp=misp)
    assert value not in key.sealed_key and key.key_hint == value[-4:] and key.policy_id is None
    assert key.history.count() == 1
    assert AuditEvent.objects.filter(ref_id="mispp-1", event_id="PMS_MSP_201").exists()
    [event] = events_of("MISP_LICENSE_GENERATED")
    assert event["mispLicenseData"]["mispId"] == "mispp-1" and event["mispLicenseData"]["licenseKey"] == value
    assert event["mispLicenseData"]["mispStatus"] == "ACTIVE" and "policyData" not in event


def test_r64_carries_the_first_approved_policy(owner_api, misp_partner, group, hub):
    policy = PolicyFactory(policy_group=group, name="MISP Policy", status=PolicyStatus.PUBLISHED)
    ApiKeyRequest.objects.create(partner=misp_partner, policy=policy, status=RequestStatus.APPROVED, use_case="x")
    assert_ok(issue(owner_api))
    assert LicenseKey.objects.get().policy_id == policy.id
    [event] = events_of("MISP_LICENSE_GENERATED")
    assert event["policyData"]["policyId"] == policy.id


def test_r64_refusals(owner_api, misp_partner, group, misp_owner, hub):
    other = make_partner(make_user("stranger", ["MISP_PARTNER"]), name="Other", partner_type="MISP_Partner",
                         partner_id="other-1")
    auth = make_partner(misp_owner, name="Auth", group=group, partner_id="auth-1")
    before = snapshot(Misp, LicenseKey, OutboxEvent)
    assert_refused(issue(owner_api, "nobody"), "PMS_MSP_005", unchanged=before, event="misp.approval.failure")
    assert_refused(issue(owner_api, other.id), "PMS_MSP_005", unchanged=before)  # another's: like unknown
    assert_refused(issue(owner_api, auth.id), "PMS_MSP_009", unchanged=before)
    assert_refused(owner_api.post(R, {}), "PMS_COR_001", unchanged=before)
    misp_partner.is_active = False
    misp_partner.save()
    assert_refused(issue(owner_api), "PMS_MSP_405", unchanged=before)
    misp_partner.is_active = True
    misp_partner.save()
    policy = PolicyFactory(policy_group=group, name="P", status=PolicyStatus.PUBLISHED)
    pending = ApiKeyRequest.objects.create(partner=misp_partner, policy=policy, use_case="x")
    assert_refused(issue(owner_api), "PMS_MSP_418")
    assert not LicenseKey.objects.exists() and not OutboxEvent.objects.exists()  # rolled back: nothing recorded
    pending.status = RequestStatus.APPROVED
    pending.save()
    assert_ok(issue(owner_api))
    assert_refused(issue(owner_api), "PMS_MSP_416")
    assert LicenseKey.objects.count() == 1 and len(events_of("MISP_LICENSE_GENERATED")) == 1


def test_r64_scope_of_managers_and_admins(manager_api, misp_admin_api, misp_partner):
    outsider = make_partner(make_user("x", ["MISP_PARTNER"]), name="Outside", partner_type="MISP_Partner",
                            partner_id="out-1")
    assert_ok(issue(manager_api))
    assert_refused(issue(manager_api, outsider.id), "PMS_MSP_005")
    assert_ok(issue(misp_admin_api, outsider.id))


def test_r64_names_the_record_apart_from_a_1_0_misp_of_the_same_name(owner_api, misp_partner):
    admin = Actor(username="root", roles=frozenset({Role.MISP_ADMIN}), user=make_user("root", ["MISP_ADMIN"]))
    misp_services.create_misp(actor=admin, name="telecom misp", contact_no="1", email="a@b.example", address="x")
    assert_ok(issue(owner_api))
    assert Misp.objects.get(partner=misp_partner).name == "Telecom MISP (mispp-1)"


# --- R65 status -------------------------------------------------------------------------------

def test_r65_deactivates_and_activates_and_publishes(owner_api, misp_partner, hub):
    value = assert_ok(issue(owner_api))["licenseKey"]
    answer = owner_api.put(R, {"providerId": "mispp-1", "licenseKey": value, "licenseKeyStatus": "De-Active"})
    assert list(answer.body) == V1_KEYS and answer.body["id"] is None
    out = assert_ok(answer)
    assert out["licenseKeyStatus"] == "de-active" and out["licenseKey"] == value
    assert not LicenseKey.objects.get().is_active
    [event] = events_of("MISP_LICENSE_UPDATED")
    assert event["mispLicenseData"]["mispStatus"] == "NOT_ACTIVE"
    assert AuditEvent.objects.filter(ref_id="mispp-1", event_id="PMS_MSP_207").exists()
    assert assert_ok(owner_api.put(R, {"providerId": "mispp-1", "licenseKey": value,
                                       "licenseKeyStatus": "active"}))["licenseKeyStatus"] == "active"
    assert LicenseKey.objects.get().is_active and len(events_of("MISP_LICENSE_UPDATED")) == 2


def test_r65_refusals(owner_api, misp_partner, misp_owner):
    value = assert_ok(issue(owner_api))["licenseKey"]
    before = snapshot(LicenseKey, OutboxEvent)
    body = {"providerId": "mispp-1", "licenseKey": value}
    assert_refused(owner_api.put(R, {**body, "licenseKeyStatus": "paused"}), "PMS_MSP_407", unchanged=before,
                   event="misp.license.update.failure")
    assert_refused(owner_api.put(R, body), "PMS_MSP_407", unchanged=before)
    assert_refused(owner_api.put(R, {**body, "licenseKey": "x" * 50, "licenseKeyStatus": "active"}), "PMS_MSP_408",
                   unchanged=before)
    assert_refused(owner_api.put(R, {**body, "providerId": "other", "licenseKeyStatus": "active"}), "PMS_MSP_408",
                   unchanged=before)
    stranger = PmsApi(token=token_for(make_user("stranger", ["MISP_PARTNER"])))
    assert_refused(stranger.put(R, {**body, "licenseKeyStatus": "de-active"}), "PMS_MSP_408", unchanged=before)
    LicenseKey.objects.update(is_active=False, valid_to=timezone.now() - dt.timedelta(days=1))
    assert_refused(owner_api.put(R, {**body, "licenseKeyStatus": "active"}), "PMS_MSP_017")


# --- R67 get or regenerate ---------------------------------------------------------------------

def test_r67_returns_the_valid_key_else_regenerates(owner_api, manager_api, misp_partner, hub):
    value = assert_ok(issue(owner_api))["licenseKey"]
    answer = manager_api.get(f"{R}/mispp-1/licenseKey")
    assert list(answer.body) == V1_KEYS and answer.body["id"] is None
    assert assert_ok(answer) == {"providerId": "mispp-1", "licenseKey": value, "licenseKeyStatus": "Active",
                                 "licenseKeyExpiry": assert_ok(answer)["licenseKeyExpiry"]}
    assert not events_of("MISP_LICENSE_UPDATED")
    assert_ok(owner_api.put(R, {"providerId": "mispp-1", "licenseKey": value, "licenseKeyStatus": "de-active"}))
    renewed = assert_ok(manager_api.get(f"{R}/mispp-1/licenseKey"))["licenseKey"]
    assert renewed != value and LicenseKey.objects.count() == 2
    assert len(events_of("MISP_LICENSE_UPDATED")) == 2
    assert AuditEvent.objects.filter(ref_id="mispp-1", event_id="PMS_MSP_208").exists()


def test_r67_refusals(owner_api, manager_api, admin_api, misp_partner, group, misp_owner):
    assert_refused(manager_api.get(f"{R}/mispp-1/licenseKey"), "PMS_MSP_408")  # no license yet
    assert_refused(manager_api.get(f"{R}/nobody/licenseKey"), "PMS_MSP_005", event="misp.license.download.failure")
    auth = make_partner(misp_owner, name="Auth", group=group, partner_id="auth-1")
    assert_refused(manager_api.get(f"{R}/{auth.id}/licenseKey"), "PMS_MSP_009")
    outsider = make_partner(make_user("x", ["MISP_PARTNER"]), name="Outside", partner_type="MISP_Partner",
                            partner_id="out-1")
    assert_ok(issue(admin_api, outsider.id))
    assert_refused(manager_api.get(f"{R}/out-1/licenseKey"), "PMS_MSP_005")  # not in its groups: like unknown
    assert owner_api.get(f"{R}/mispp-1/licenseKey").error_codes == ["KER-ATH-403"]  # getmisplicensekey: PM PA
    misp_partner.is_active = False
    misp_partner.save()
    assert_refused(manager_api.get(f"{R}/mispp-1/licenseKey"), "PMS_MSP_405")


# --- R66 list ---------------------------------------------------------------------------------

def test_r66_lists_keys_in_scope_masked(owner_api, misp_admin_api, misp_partner):
    value = assert_ok(issue(owner_api))["licenseKey"]
    admin = Actor(username="root", roles=frozenset({Role.MISP_ADMIN}), user=make_user("root", ["MISP_ADMIN"]))
    old = misp_services.create_misp(actor=admin, name="Old MISP", contact_no="1", email="a@b.example", address="x")
    _m, _k, old_value = misp_services.decide_misp(actor=admin, misp_id=old.id, approve=True)
    answer = owner_api.get(R)
    assert list(answer.body) == V1_KEYS and answer.body["id"] is None
    [row] = assert_ok(answer)
    assert row["mispId"] == "mispp-1" and row["licenseKey"] == "••••" + value[-4:] and value not in json.dumps(
        answer.body)
    assert row["isActive"] is True and row["isDeleted"] is False and row["policyId"] is None
    rows = assert_ok(misp_admin_api.get(R))
    assert {r["mispId"] for r in rows} == {"mispp-1", old.id}
    assert old_value not in json.dumps(rows)
    stranger = PmsApi(token=token_for(make_user("stranger", ["MISP_PARTNER"])))
    assert assert_ok(stranger.get(R)) == []


# --- one set of keys with the 1.0 routes -------------------------------------------------------

@pytest.fixture
def partner_key(group):
    """An AUTH partner's API key (1.0 approval) for PM12."""
    policy = PolicyFactory(policy_group=group, name="KYC Policy", status=PolicyStatus.PUBLISHED)
    partner = make_partner(make_user("airtel", ["AUTH_PARTNER"]), group=group, partner_id="airtel-01")
    from partners.models import PartnerApiKey
    now = timezone.now()
    request = ApiKeyRequest.objects.create(partner=partner, policy=policy, status=RequestStatus.APPROVED, use_case="x")
    key = PartnerApiKey.from_value("partner-api-key-1", request=request, partner=partner, policy=policy, label="k1",
                                   label_key="k1", valid_from=now, valid_to=now + dt.timedelta(days=30))
    key.save()
    return "partner-api-key-1"


def test_an_r64_key_validates_through_m4_and_pm12_and_r65_stops_both_at_once(owner_api, misp_partner, ida,
                                                                             partner_key):
    value = assert_ok(issue(owner_api))["licenseKey"]
    record = Misp.objects.get(partner=misp_partner)
    for misp_id in (record.id, "mispp-1"):
        assert assert_ok(ida.patch(f"{M}/{misp_id}/licenseKey", {"mispLicenseKey": value}))["isValid"] is True
    assert assert_ok(ida.get(PM12.format(k=partner_key, m=value)))["partnerId"] == "airtel-01"
    assert_ok(owner_api.put(R, {"providerId": "mispp-1", "licenseKey": value, "licenseKeyStatus": "de-active"}))
    assert ida.patch(f"{M}/mispp-1/licenseKey", {"mispLicenseKey": value}).error_codes == ["PMS_MSP_008"]
    assert ida.get(PM12.format(k=partner_key, m=value)).error_codes == ["PMS_PMP_025"]


def test_a_1_0_key_shows_in_r66_r67_and_its_1_0_deactivation_stops_r67_and_pm12(admin_api, misp_admin_api, ida,
                                                                                partner_key):
    created = assert_ok(misp_admin_api.post(M, {"organizationName": "Old MISP", "contactNumber": "1",
                                                "emailId": "a@b.example", "address": "x"}))
    misp_id = created["mispID"]
    value = assert_ok(misp_admin_api.patch(f"{M}/{misp_id}/status", {"mispStatus": "approved"}))["mispLicenseKey"]
    [row] = assert_ok(admin_api.get(R))
    assert row["mispId"] == misp_id and row["licenseKey"].endswith(value[-4:])
    assert assert_ok(admin_api.get(f"{R}/{misp_id}/licenseKey"))["licenseKey"] == value
    assert_ok(ida.get(PM12.format(k=partner_key, m=value)))
    assert_ok(misp_admin_api.put(f"{M}/{misp_id}/licenseKey", {"mispLicenseKey": value,
                                                              "mispLicenseKeyStatus": "De-Active"}))
    assert ida.get(PM12.format(k=partner_key, m=value)).error_codes == ["PMS_PMP_025"]
    renewed = assert_ok(admin_api.get(f"{R}/{misp_id}/licenseKey"))["licenseKey"]
    assert renewed != value
    assert_ok(ida.get(PM12.format(k=partner_key, m=renewed)))
    # and R65 deactivates a 1.0 key by the record's id: the 1.0 validation refuses it at once
    assert_ok(misp_admin_api.put(R, {"providerId": misp_id, "licenseKey": renewed, "licenseKeyStatus": "de-active"}))
    assert ida.patch(f"{M}/{misp_id}/licenseKey", {"mispLicenseKey": renewed}).error_codes == ["PMS_MSP_008"]
    owner = PmsApi(token=token_for(make_user("some-misp-partner", ["MISP_PARTNER"])))
    assert owner.put(R, {"providerId": misp_id, "licenseKey": renewed,
                         "licenseKeyStatus": "active"}).error_codes == ["PMS_MSP_408"]


# --- R69 search, R68 filter values -------------------------------------------------------------

def test_r69_searches_keys_in_scope_masked(owner_api, misp_admin_api, misp_partner):
    value = assert_ok(issue(owner_api))["licenseKey"]
    outsider = make_partner(make_user("x", ["MISP_PARTNER"]), name="Outside", partner_type="MISP_Partner",
                            partner_id="out-1")
    assert_ok(issue(misp_admin_api, outsider.id))
    answer = owner_api.post(f"{R}/search", {"filters": [{"columnName": "isActive", "type": "equals", "value": "true"}],
                                            "sort": [], "pagination": {"pageStart": 0, "pageFetch": 10}})
    assert list(answer.body) == V1_KEYS and answer.body["id"] is None
    page = assert_ok(answer)
    assert page["totalRecord"] == 1 and page["data"][0]["mispId"] == "mispp-1"
    assert value not in json.dumps(answer.body) and page["data"][0]["licenseKey"] == "••••" + value[-4:]
    page = assert_ok(misp_admin_api.post(f"{R}/search", {"filters": [{"columnName": "mispId", "type": "equals",
                                                                     "value": "out-1"}]}))
    assert [row["mispId"] for row in page["data"]] == ["out-1"]
    refused = owner_api.post(f"{R}/search", {"filters": [{"columnName": "licenseKey", "type": "equals",
                                                         "value": value}]})
    assert refused.error_codes and refused.response is None  # keys are not a search column
    assert AuditEvent.objects.filter(event_id="PMS_MSP_206").exists()


def test_r68_filter_values_in_scope_coded_by_misp_id(owner_api, misp_admin_api, misp_partner):
    assert_ok(issue(owner_api))
    outsider = make_partner(make_user("x", ["MISP_PARTNER"]), name="Outside", partner_type="MISP_Partner",
                            partner_id="out-1")
    assert_ok(issue(misp_admin_api, outsider.id))
    answer = owner_api.post(f"{R}/filtervalues", {"filters": [{"columnName": "mispId", "type": "unique", "text": ""}]})
    assert list(answer.body) == V1_KEYS and answer.body["id"] is None
    assert assert_ok(answer)["filters"] == [{"fieldID": "mispId", "fieldValue": "mispp-1", "fieldCode": "mispp-1"}]
    values = assert_ok(misp_admin_api.post(f"{R}/filtervalues", {"filters": [{"columnName": "mispId",
                                                                             "type": "unique"}]}))["filters"]
    assert {v["fieldValue"] for v in values} == {"mispp-1", "out-1"}
    refused = owner_api.post(f"{R}/filtervalues", {"filters": [{"columnName": "licenseKey", "type": "unique"}]})
    assert refused.error_codes and refused.response is None


# --- R40's cascade ------------------------------------------------------------------------------

def test_r40_deactivating_a_misp_partner_deactivates_its_licenses(owner_api, manager_api, misp_partner, ida, hub,
                                                                   partner_key):
    value = assert_ok(issue(owner_api))["licenseKey"]
    assert_ok(ida.get(PM12.format(k=partner_key, m=value)))
    answer = manager_api.patch("/v1/partnermanager/partners/mispp-1", request={"status": "De-Active"})
    assert assert_ok(answer) == {"message": "Partner de-activated successfully"}
    key = LicenseKey.objects.get()
    assert not key.is_active and key.history.first().is_active is False
    [event] = events_of("MISP_LICENSE_UPDATED")
    assert event["mispLicenseData"]["mispStatus"] == "NOT_ACTIVE"
    assert ida.get(PM12.format(k=partner_key, m=value)).error_codes == ["PMS_PMP_025"]


def test_a_refused_r40_cascades_nothing(manager_api, owner_api, misp_partner, hub):
    assert_ok(issue(owner_api))
    assert_refused(manager_api.patch("/v1/partnermanager/partners/mispp-1", request={"status": "paused"}),
                   "PMS_PM_058")
    assert LicenseKey.objects.get().is_active and not events_of("MISP_LICENSE_UPDATED")


def test_a_deactivated_misp_partner_cannot_bring_its_license_back(owner_api, manager_api, misp_partner, ida, hub,
                                                                  partner_key):
    """R40 deactivates a MISP partner's licenses; neither its owner nor its manager brings
    one back (R65) or gets a fresh one (R67), and the key keeps failing validation."""
    value = assert_ok(issue(owner_api))["licenseKey"]
    assert_ok(manager_api.patch("/v1/partnermanager/partners/mispp-1", request={"status": "De-Active"}))
    before = snapshot(LicenseKey, OutboxEvent)
    body = {"providerId": "mispp-1", "licenseKey": value, "licenseKeyStatus": "active"}
    assert_refused(owner_api.put(R, body), "PMS_MSP_1013", unchanged=before)
    assert_refused(manager_api.put(R, body), "PMS_MSP_1013", unchanged=before)
    assert_refused(manager_api.get(f"{R}/mispp-1/licenseKey"), "PMS_MSP_405", unchanged=before)
    assert ida.get(PM12.format(k=partner_key, m=value)).error_codes == ["PMS_PMP_025"]
    # deactivating stays possible (nothing is opened by it)
    assert_ok(owner_api.put(R, {**body, "licenseKeyStatus": "de-active"}))
