"""MOSIP 1.2's partner registration, profile, lists and activation (1.2 catalog §5, §8:
R1–R12, R38–R42) over HTTP: envelopes, codes, database state, audit, history, outbox;
scope (SPEC §10.2) and the 1.0/1.2 pairing on one record (SPEC §10.1, §10.4)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from events.models import OutboxEvent
from kernel.secrets import secret_box
from partners.models import ApprovalStatus, Partner, PartnerCertificate, PartnerContact, PartnerType
from policies.tests.factories import PolicyGroupFactory
from tests.support.api import PmsApi, assert_ok
from tests.support.audit import assert_refused, snapshot
from tests.support.users import make_user, token_for

from .factories import make_partner, make_partner_manager

pytestmark = pytest.mark.django_db

PM12 = "/v1/partnermanager"
V1_KEYS = ["id", "version", "responsetime", "metadata", "response", "errors"]
V2_KEYS = ["id", "version", "responseTime", "metadata", "response", "errors"]
PARTNERS_10 = "/partnermanagement/v1/partners/partners"
MANAGER_10 = "/partnermanagement/v1/pmpartners/pmpartners"


def body12(**overrides):
    request = {"partnerId": "airtel-01", "policyGroup": "Banking", "organizationName": "Airtel India",
               "address": "Bengaluru", "contactNumber": "9845000000", "emailId": "ops@airtel.example",
               "partnerType": "Auth_Partner", "langCode": "eng"}
    request.update(overrides)
    return request


def v1(request, envelope_id="", version="1.0"):
    return {"id": envelope_id, "version": version, "requesttime": "2026-12-05T10:00:00.000Z", "metadata": {},
            "request": request}


@pytest.fixture
def banking(db):
    return PolicyGroupFactory(name="Banking")


@pytest.fixture
def owner(db):
    return make_user("airtel", ["AUTH_PARTNER"])


@pytest.fixture
def api(owner):
    return PmsApi(token=token_for(owner))


@pytest.fixture
def admin_api(db):
    return PmsApi(token=token_for(make_user("pms-admin", ["PARTNER_ADMIN"])))


@pytest.fixture
def hub(settings):
    settings.PMS_WEBSUB_HUB_URL = "http://hub.invalid/hub/"


def registered(api, **overrides) -> dict:
    return assert_ok(api.post(f"{PM12}/partners", body=v1(body12(**overrides), "reg-1")))


def certify(partner: Partner) -> PartnerCertificate:
    return PartnerCertificate.objects.create(
        partner=partner, domain="AUTH", certificate_pem="-----BEGIN CERTIFICATE-----", fingerprint="ab" * 32,
        signed_certificate_pem="SIGNED-PEM", not_after=timezone.now() + dt.timedelta(days=365))


def events_of(topic: str) -> list[dict]:
    return [json.loads(secret_box().open(e.sealed_data)) for e in OutboxEvent.objects.filter(topic=topic).order_by("created_at", "pk")]


# --- R1/R2 register -------------------------------------------------------------------------

def test_r1_registers_a_partner_in_progress_inactive_owned_by_the_caller(api, owner, banking):
    answer = api.post(f"{PM12}/partners", body=v1(body12(langCode="fra"), "reg-1", "LTS"))
    assert answer.status == 200 and list(answer.body) == V1_KEYS
    assert (answer.body["id"], answer.body["version"]) == ("reg-1", "LTS")  # echoed
    assert answer.body["response"] == {"partnerId": "airtel-01", "status": "InProgress"}
    partner = Partner.objects.get(pk="airtel-01")
    assert (partner.owner, partner.is_active, partner.approval_status) == (owner, False, ApprovalStatus.IN_PROGRESS)
    assert (partner.policy_group, partner.lang_code, partner.additional_info, partner.logo_url) == (banking, "eng", [], "")
    assert partner.history.count() == 1
    events = list(AuditEvent.objects.filter(ref_id="airtel-01").values_list("event_id", flat=True))
    assert "PMS_PRT_200" in events
    assert not OutboxEvent.objects.exists()  # no WebSub event on registration


def test_one_user_may_register_several_partners(api, banking):
    registered(api)
    assert_ok(api.post(f"{PM12}/partners/v2", body=v1(body12(
        partnerId="airtel-02", organizationName="Airtel Money", emailId="money@airtel.example",
        logoUrl="https://airtel.example/logo.png", additionalInfo=[{"k": "v"}]))))
    second = Partner.objects.get(pk="airtel-02")
    assert (second.logo_url, second.additional_info) == ("https://airtel.example/logo.png", [{"k": "v"}])
    assert Partner.objects.filter(owner__username="airtel").count() == 2


@pytest.mark.parametrize("overrides,code", [
    ({"contactNumber": "1" * 17}, "PMS_COR_001"),
    ({"emailId": "not-an-email"}, "PMS_PRT_012"),
    ({"partnerId": "has space"}, "PMS_PRT_066"),
    ({"partnerId": "x" * 37}, "PMS_PRT_052"),
    ({"langCode": "xyz"}, "PMS_PRT_056"),
    ({"partnerType": "Nobody_Type"}, "PMS_PRT_010"),
    ({"policyGroup": None}, "PMS_PRT_108"),
    ({"policyGroup": "Unknown Group"}, "PMS_PRT_002"),
    ({"organizationName": None}, "PMS_COR_001"),
    ({"partnerId": "bad/id"}, "PMS_COR_002"),
])
def test_r1_refusals(api, banking, overrides, code):
    before = snapshot(Partner)
    answer = api.post(f"{PM12}/partners", body=v1(body12(**overrides)))
    assert_refused(answer, code, unchanged=before)
    if code != "PMS_COR_001":
        assert answer.body["id"] == "mosip.partnermanagement"


def test_r1_bean_validation_names_the_field(api, banking):
    answer = api.post(f"{PM12}/partners", body=v1(body12(organizationName=None)))
    assert answer.body["errors"][0]["message"] == "Invalid request parameter - value is empty or null :request.organizationName"
    assert answer.body["id"] is None


def test_r1_refuses_a_taken_email_id_and_an_inactive_group(api, banking):
    registered(api)
    assert_refused(api.post(f"{PM12}/partners", body=v1(body12(partnerId="other-01", organizationName="Other"))),
                   "PMS_PRT_011")
    assert_refused(api.post(f"{PM12}/partners", body=v1(body12(emailId="new@airtel.example", organizationName="New"))),
                   "PMS_PRT_051")
    PolicyGroupFactory(name="Old", is_active=False)
    answer = api.post(f"{PM12}/partners", body=v1(body12(partnerId="x-2", emailId="x2@x.example", policyGroup="Old")))
    assert_refused(answer, "PMS_PMP_023")
    assert answer.body["errors"][0]["message"] == "Policy group is not active."


def test_the_1_2_partner_types_are_seeded_and_not_offered_to_self_registration(api, banking):
    from partners.selectors import partner_types_open_to_registration

    PartnerType.objects.get_or_create(pk="Partner_Admin", defaults={"requires_policy_group": False})
    assert_ok(api.post(f"{PM12}/partners", body=v1(body12(partnerType="partner_admin", policyGroup=None))))
    assert Partner.objects.get(pk="airtel-01").partner_type_id == "Partner_Admin"
    assert "Partner_Admin" not in partner_types_open_to_registration().values_list("code", flat=True)


# --- R3/R4/R5 profile -----------------------------------------------------------------------

def test_r3_r4_update_the_owners_partner_and_r5_reads_it(api, banking):
    registered(api)
    answer = api.put(f"{PM12}/partners/v2/airtel-01", body=v1({
        "address": "Mumbai", "contactNumber": "9999", "logoUrl": "https://x.example/l.png", "additionalInfo": {"a": 1}},
        "upd", "1.0"))
    assert assert_ok(answer) == {"partnerId": "airtel-01", "status": "InProgress"}
    assert assert_ok(api.put(f"{PM12}/partners/airtel-01", body=v1({"address": "Pune", "contactNumber": "8888"})))
    partner = Partner.objects.get(pk="airtel-01")
    # R3 keeps what R4 set (MOSIP's R3 wipes it)
    assert (partner.address, partner.contact_no, partner.logo_url, partner.additional_info) == \
        ("Pune", "8888", "https://x.example/l.png", {"a": 1})
    assert partner.history.count() == 3
    read = api.get(f"{PM12}/partners/airtel-01")
    assert (read.body["id"], read.body["version"]) == ("mosip.partnermanagement.partners.retrieve", "1.0")
    assert read.response == {"partnerID": "airtel-01", "status": "De-active", "organizationName": "Airtel India",
                             "contactNumber": "8888", "emailId": "ops@airtel.example", "address": "Pune",
                             "partnerType": "Auth_Partner", "policyGroup": "Banking", "isActive": False}


@pytest.mark.parametrize("method,suffix,request_body", [
    ("get", "/partners/{id}", None),
    ("put", "/partners/{id}", {"address": "Elsewhere", "contactNumber": "1234"}),
    ("put", "/partners/v2/{id}", {"address": "Elsewhere", "contactNumber": "1234"}),
    ("post", "/partners/{id}/contact/add", {"address": "Elsewhere", "contactNumber": "1234",
                                            "emailId": "x@intruder.example"}),
    ("put", "/partners/{id}/policygroup/Banking", None),
])
def test_another_partners_id_answers_like_an_unknown_one(banking, method, suffix, request_body):
    victim = make_partner(make_user("victim", ["AUTH_PARTNER"]), name="Victim Bank", group=banking,
                          partner_id="victim-01")
    intruder = PmsApi(token=token_for(make_user("intruder", ["AUTH_PARTNER", "PARTNER"])))
    before = snapshot(Partner, PartnerContact)
    answers = [intruder.call(method, PM12 + suffix.format(id=pid), body=None if request_body is None else v1(request_body))
               for pid in (victim.id, "nobody-01")]
    for answer in answers:
        assert_refused(answer, "PMS_PRT_005", unchanged=before)
        answer.body.pop("responsetime")
    assert answers[0].body == answers[1].body
    assert "Victim" not in json.dumps(answers[0].body)


def test_resident_reads_any_partner_on_r5(banking):
    make_partner(name="Victim Bank", group=banking, partner_id="victim-01")
    resident = PmsApi(token=token_for(make_user("resident-svc", ["RESIDENT"])))
    assert assert_ok(resident.get(f"{PM12}/partners/victim-01"))["partnerID"] == "victim-01"


# --- R6/R7/R8 ---------------------------------------------------------------------------------

def test_r6_adds_a_contact_to_an_active_partner_and_updates_by_email(api, owner, banking):
    make_partner(owner, group=banking, partner_id="airtel-01")
    body = {"address": "Delhi", "contactNumber": "1234", "emailId": "desk@airtel.example", "is_Active": True}
    assert assert_ok(api.post(f"{PM12}/partners/airtel-01/contact/add", body=v1(body))) == \
        "Contacts details added successfully."
    body.update(address="Noida", is_Active=False)
    assert assert_ok(api.post(f"{PM12}/partners/airtel-01/contact/add", body=v1(body))) == \
        "Contacts details updated successfully."
    contact = PartnerContact.objects.get()
    assert (contact.address, contact.is_active) == ("Noida", False)


def test_r6_refuses_a_new_contact_of_an_inactive_partner(api, banking):
    registered(api)
    assert_refused(api.post(f"{PM12}/partners/airtel-01/contact/add", body=v1(
        {"address": "Delhi", "contactNumber": "1234", "emailId": "desk@airtel.example"})), "PMS_PMP_016")


def test_r7_says_whether_an_email_is_taken(api, banking):
    registered(api)
    answer = api.put(f"{PM12}/partners/email/verify", body=v1({"emailId": "OPS@airtel.example"}))
    assert answer.body["id"] is None
    response = assert_ok(answer)
    assert response["emailExists"] is True and "AUTH_PARTNER" in response["policyRequiredPartnerTypes"]
    assert "DEVICE_PROVIDER" not in response["policyRequiredPartnerTypes"]
    assert assert_ok(api.put(f"{PM12}/partners/email/verify", body=v1({"emailId": "no@x.example"})))["emailExists"] is False
    assert_refused(api.put(f"{PM12}/partners/email/verify", body=v1({"emailId": "bad"})), "PMS_PRT_012")


def test_r8_sets_the_group_of_an_inactive_partner_only(api, owner, banking):
    telecom = PolicyGroupFactory(name="Telecom Group")
    registered(api)
    answer = api.put(f"{PM12}/partners/airtel-01/policygroup/Telecom Group")
    assert assert_ok(answer) == "Success" and answer.body["id"] is None
    assert Partner.objects.get(pk="airtel-01").policy_group == telecom
    assert_refused(api.put(f"{PM12}/partners/airtel-01/policygroup/Nowhere"), "PMS_PRT_002")
    make_partner(owner, name="Active Bank", group=banking, partner_id="active-01")
    assert_refused(api.put(f"{PM12}/partners/active-01/policygroup/Telecom Group"), "PMS_PRT_050")


# --- R9-R12 -------------------------------------------------------------------------------------

def test_r9_lists_the_callers_own_partners(api, owner, banking):
    make_partner(owner, group=banking, partner_id="airtel-01")
    make_partner(owner, name="Airtel Devices", partner_type="Device_Provider", partner_id="airtel-dp")
    make_partner(make_user("other", ["AUTH_PARTNER"]), name="Other", group=banking, partner_id="other-01")
    answer = api.get(f"{PM12}/partners/v3?status=approved&policyGroupAvailable=true")
    assert list(answer.body) == V2_KEYS and answer.body["id"] == "mosip.pms.partners.v3.get"
    assert assert_ok(answer) == [{"partnerId": "airtel-01", "partnerType": "Auth_Partner",
                                  "policyGroupId": banking.id, "policyGroupName": "Banking",
                                  "policyGroupDescription": banking.description}]
    everything = assert_ok(api.get(f"{PM12}/partners/v3?status=approved"))
    assert sorted(p["partnerId"] for p in everything) == ["airtel-01", "airtel-dp"]
    assert everything[0]["policyGroupName"] is None
    nobody = PmsApi(token=token_for(make_user("nobody", ["AUTH_PARTNER"])))
    refused = nobody.get(f"{PM12}/partners/v3?status=approved")
    assert_refused(refused, "PMS_CERTIFICATE_ERROR_002")
    assert refused.body["id"] == "mosip.pms.partners.v3.get"


def test_r10_r12_search_only_the_callers_partners_and_r11_the_types(api, owner, banking):
    make_partner(owner, group=banking, partner_id="airtel-01")
    make_partner(make_user("other", ["AUTH_PARTNER"]), name="Other", group=banking, partner_id="other-01")
    search = {"filters": [], "sort": [{"sortField": "name", "sortType": "asc"}],
              "pagination": {"pageStart": 0, "pageFetch": 10}, "partnerType": "all"}
    page = assert_ok(api.post(f"{PM12}/partners/search", body=v1(search)))
    assert (page["totalRecord"], [row["id"] for row in page["data"]]) == (1, ["airtel-01"])
    assert page["data"][0]["userId"] == "airtel" and page["data"][0]["approvalStatus"] == "approved"
    assert_refused(api.post(f"{PM12}/partners/search", body=v1({**search, "partnerType": ""})), "PMS_COR_001")
    assert_refused(api.post(f"{PM12}/partners/search", body=v1({**search, "filters": [
        {"columnName": "nope", "type": "equals", "value": "x"}]})), "PMS-MSD-310")
    values = assert_ok(api.post(f"{PM12}/partners/filtervalues", body=v1(
        {"filters": [{"columnName": "name", "type": "unique", "text": ""}]})))
    assert values == {"filters": [{"fieldID": "name", "fieldValue": "Airtel India", "fieldCode": "airtel-01"}]}
    types = assert_ok(api.post(f"{PM12}/partners/partnertype/search", body=v1(
        {"filters": [], "sort": [], "pagination": {"pageStart": 0, "pageFetch": 100}})))
    codes = [row["code"] for row in types["data"]]
    assert {"Auth_Partner", "Binding_Partner", "Internal_Partner", "Partner_Admin"} <= set(codes)


# --- R38/R39 admin ------------------------------------------------------------------------------

def test_r38_pages_every_partner_for_the_admin(admin_api, banking):
    certified = make_partner(name="Certified", group=banking, partner_id="cert-01")
    certify(certified)
    make_partner(name="Plain", group=banking, partner_id="plain-01", is_active=False)
    answer = admin_api.get(f"{PM12}/admin-partners")
    assert answer.body["id"] == "mosip.pms.admin.partners.get" and list(answer.body) == V2_KEYS
    page = assert_ok(answer)
    assert (page["pageNo"], page["pageSize"], page["totalResults"]) == (0, 8, 2)
    uploaded = assert_ok(admin_api.get(f"{PM12}/admin-partners?certificateUploadStatus=uploaded"))["data"]
    assert [row["partnerId"] for row in uploaded] == ["cert-01"]
    assert uploaded[0]["certificateUploadStatus"] == "uploaded" and uploaded[0]["createdDateTime"].endswith("+00:00")
    first = assert_ok(admin_api.get(f"{PM12}/admin-partners?sortFieldName=isActive&sortType=asc&pageNo=0&pageSize=1"))
    assert first["data"][0]["partnerId"] == "cert-01"
    assert_refused(admin_api.get(f"{PM12}/admin-partners?sortFieldName=bogus&sortType=asc"), "PMS_PRT_357")


def test_r39_shows_one_partner_with_its_owner_and_certificate(admin_api, banking):
    owner = make_user("owner-x", ["AUTH_PARTNER"])
    owner.first_name, owner.last_name = "Asha", "Rao"
    owner.save()
    partner = make_partner(owner, group=banking, partner_id="airtel-01")
    certificate = certify(partner)
    answer = admin_api.get(f"{PM12}/admin-partners/airtel-01")
    assert answer.body["id"] == "mosip.pms.partner.details.get"
    details = assert_ok(answer)
    assert (details["firstName"], details["lastName"], details["isCertificateAvailable"]) == ("Asha", "Rao", True)
    assert details["certificateExpiryDateTime"].startswith(certificate.not_after.strftime("%Y-%m-%dT%H:%M"))
    assert_refused(admin_api.get(f"{PM12}/admin-partners/nobody"), "PMS_PRT_005")
    make_partner(name="No Group", partner_id="nogroup-01")
    PartnerType.objects.filter(pk="Auth_Partner").update(requires_policy_group=True)
    assert_refused(admin_api.get(f"{PM12}/admin-partners/nogroup-01"), "PMS_POLICY_ERROR_005")


# --- R40 activation -------------------------------------------------------------------------------

@pytest.fixture
def manager_api(banking):
    return PmsApi(token=token_for(make_partner_manager("pm-bank", [banking])))


def test_r40_activates_only_with_a_certificate_and_publishes(manager_api, api, banking, hub):
    registered(api)
    partner = Partner.objects.get(pk="airtel-01")
    assert_refused(manager_api.patch(f"{PM12}/partners/airtel-01", body=v1({"status": "Active"})), "PMS_PRT_108")
    certify(partner)
    answer = manager_api.patch(f"{PM12}/partners/airtel-01", body=v1({"status": "ACTIVE"}, "act", "1.0"))
    assert assert_ok(answer) == {"message": "Partner activated successfully"}
    assert (answer.body["id"], answer.body["version"]) == ("act", "1.0")
    partner.refresh_from_db()
    assert (partner.is_active, partner.approval_status) == (True, "InProgress")
    assert events_of("PARTNER_UPDATED") == [{"partnerData": {
        "partnerId": "airtel-01", "partnerName": "Airtel India", "certificateData": "SIGNED-PEM",
        "partnerStatus": "ACTIVE"}}]
    # already active: success, nothing changes, nothing published
    assert_ok(manager_api.patch(f"{PM12}/partners/airtel-01", body=v1({"status": "Active"})))
    assert len(events_of("PARTNER_UPDATED")) == 1
    assert AuditEvent.objects.filter(ref_id="airtel-01", event_id="PMS_PRT_203").count() == 2


def test_r40_deactivation_is_terminal_for_both_generations(manager_api, banking, hub):
    partner = make_partner(group=banking, partner_id="airtel-01")
    assert assert_ok(manager_api.patch(f"{PM12}/partners/airtel-01", body=v1({"status": "de-active"}))) == \
        {"message": "Partner de-activated successfully"}
    partner.refresh_from_db()
    assert (partner.is_active, partner.deactivated_through) == (False, "1.2")
    assert events_of("PARTNER_UPDATED")[0]["partnerData"]["partnerStatus"] == "DEACTIVE"
    before = snapshot(Partner)
    for status in ("Active", "De-Active"):
        assert_refused(manager_api.patch(f"{PM12}/partners/airtel-01", body=v1({"status": status})), "PMS_PM_063",
                       unchanged=before)
    # the 1.0 route may not bring it back either
    assert_refused(manager_api.put(f"{MANAGER_10}/airtel-01", {"status": "Active"}), "PMS_PMP_006", unchanged=before)


def test_a_1_0_deactivation_is_undone_through_1_0_only(manager_api, banking, hub):
    make_partner(group=banking, partner_id="airtel-01")
    assert_ok(manager_api.put(f"{MANAGER_10}/airtel-01", {"status": "De-Active"}))
    assert Partner.objects.get(pk="airtel-01").deactivated_through == "1.0"
    assert events_of("PARTNER_UPDATED")[0]["partnerData"]["partnerStatus"] == "DEACTIVE"  # 1.0 changes publish too
    assert_refused(manager_api.patch(f"{PM12}/partners/airtel-01", body=v1({"status": "Active"})), "PMS_PM_063")
    assert_ok(manager_api.put(f"{MANAGER_10}/airtel-01", {"status": "Active"}))
    partner = Partner.objects.get(pk="airtel-01")
    assert (partner.is_active, partner.deactivated_through) == (True, "")
    assert [e["partnerData"]["partnerStatus"] for e in events_of("PARTNER_UPDATED")] == ["DEACTIVE", "ACTIVE"]


def test_r40_scope_status_value_and_roles(manager_api, banking, api):
    make_partner(group=PolicyGroupFactory(name="Elsewhere"), name="Far", partner_id="far-01")
    on_other = manager_api.patch(f"{PM12}/partners/far-01", body=v1({"status": "Active"}))
    on_unknown = manager_api.patch(f"{PM12}/partners/nobody-01", body=v1({"status": "Active"}))
    assert_refused(on_other, "PMS_PMP_005")
    assert on_other.body["errors"][0]["message"] == "Partner ID far-01 does not exist"
    assert on_unknown.body["errors"][0]["message"] == "Partner ID nobody-01 does not exist"
    make_partner(group=banking, partner_id="airtel-01")
    assert_refused(manager_api.patch(f"{PM12}/partners/airtel-01", body=v1({"status": "sleep"})), "PMS_PM_058")
    assert_refused(manager_api.patch(f"{PM12}/partners/airtel-01", body=v1({})), "PMS_COR_001")
    forbidden = api.patch(f"{PM12}/partners/airtel-01", body=v1({"status": "De-Active"}))
    assert (forbidden.status, forbidden.error_codes) == (403, ["KER-ATH-403"])


# --- R41/R42 ------------------------------------------------------------------------------------

def test_r41_r42_list_for_managers_in_scope_and_services_everything(manager_api, banking):
    make_partner(group=banking, partner_id="airtel-01", logo_url="https://l.example/a.png", additional_info=[1])
    make_partner(group=PolicyGroupFactory(name="Elsewhere"), name="Far", partner_id="far-01")
    answer = manager_api.get(f"{PM12}/partners")
    assert (answer.body["id"], answer.body["version"]) == ("mosip.partnermanagement.partners.retrieve", "1.0")
    assert [p["partnerID"] for p in assert_ok(answer)["partners"]] == ["airtel-01"]
    assert assert_ok(manager_api.get(f"{PM12}/partners/v2"))["partners"][0]["additionalInfo"] == [1]
    ida = PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"])))
    assert len(assert_ok(ida.get(f"{PM12}/partners"))["partners"]) == 2
    assert_refused(ida.get(f"{PM12}/partners?partnerType=SDK_Partner"), "PMS_PMP_013")


# --- cross-generation (SPEC §10.1) ----------------------------------------------------------------

def test_a_1_0_partner_reads_updates_and_deactivates_through_1_2(api, banking, manager_api, hub):
    made = api.post(PARTNERS_10, {"partnerId": "airtel-01", "partnerType": "Auth_Partner",
                                  "organizationName": "Airtel India", "contactNumber": "+91 98450 00000",
                                  "emailId": "ops@airtel.example", "address": "Bengaluru", "policyGroup": "Banking"})
    assert_ok(made)
    read = assert_ok(api.get(f"{PM12}/partners/airtel-01"))
    assert (read["status"], read["isActive"], read["policyGroup"]) == ("active", True, "Banking")
    assert assert_ok(api.put(f"{PM12}/partners/airtel-01", body=v1({"address": "Pune", "contactNumber": "1234"}))) == \
        {"partnerId": "airtel-01", "status": "approved"}
    assert assert_ok(manager_api.patch(f"{PM12}/partners/airtel-01", body=v1({"status": "De-Active"})))
    back = assert_ok(api.get(f"{PARTNERS_10}/airtel-01"))
    assert (back["address"], back["status"]) == ("Pune", "De-Active")


def test_a_1_2_partner_reads_and_updates_through_1_0(api, banking):
    registered(api)
    read = assert_ok(api.get(f"{PARTNERS_10}/airtel-01"))
    assert (read["organizationName"], read["status"]) == ("Airtel India", "De-Active")
    assert_ok(api.put(f"{PARTNERS_10}/airtel-01", {"organizationName": "Airtel Bharat", "contactNumber": "+91 1",
                                                   "emailId": "ops@airtel.example", "address": "Chennai"}))
    again = assert_ok(api.get(f"{PM12}/partners/airtel-01"))
    assert (again["organizationName"], again["address"]) == ("Airtel Bharat", "Chennai")
    partner = Partner.objects.get(pk="airtel-01")
    assert (partner.approval_status, partner.lang_code) == ("InProgress", "eng")  # 1.0 leaves the 1.2 columns alone


def test_r1_mails_the_registration_in_the_stored_language(api, banking, settings, mailoutbox,
                                                           django_capture_on_commit_callbacks):
    settings.PMS_PARTNER_LANGUAGES = ["fra", "eng"]
    with django_capture_on_commit_callbacks(execute=True):
        registered(api, langCode="eng")
    assert Partner.objects.get(pk="airtel-01").lang_code == "fra"
    [mail] = mailoutbox
    assert mail.to == ["ops@airtel.example"] and mail.subject == "Votre enregistrement de partenaire est reçu"
    assert "« Airtel India »" in mail.body and "airtel-01" in mail.body


def test_a_failed_registration_mail_is_logged_and_ignored(api, banking, monkeypatch, caplog,
                                                          django_capture_on_commit_callbacks):
    import partners.services.mails as mails

    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(mails, "send_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        assert registered(api)["status"] == "InProgress"
    assert Partner.objects.filter(pk="airtel-01").exists()
    assert "registration e-mail of partner airtel-01 not sent: OSError" in caplog.text


def test_r40_writes_history_and_audit_and_a_refusal_its_failure_event(manager_api, banking):
    partner = make_partner(group=banking, partner_id="airtel-01")
    answer = manager_api.patch(f"{PM12}/partners/airtel-01", body=v1({"status": "De-Active"}))
    assert_ok(answer)
    latest = partner.history.latest()
    assert (latest.history_type, latest.is_active, latest.deactivated_through, latest.history_user.username) == \
        ("~", False, "1.2", "pm-bank")
    rows = AuditEvent.objects.filter(request_id=answer.headers["X-Request-ID"])
    assert sorted(rows.values_list("event_id", flat=True)) == ["PMS_PRT_103", "PMS_PRT_203"]
    assert_refused(manager_api.patch(f"{PM12}/partners/airtel-01", body=v1({"status": "Active"})), "PMS_PM_063",
                   event="partner.status.failure")


@pytest.mark.parametrize("url,request_body,path", [
    ("/partners", {**body12(), "partnerId": 12}, "request.partnerId"),
    ("/partners", {**body12(), "additionalInfo": "ignored on R1", "emailId": ["x"]}, "request.emailId"),
    ("/partners/email/verify", {"emailId": True}, "request.emailId"),
])
def test_wrong_types_are_refused_with_the_field_path(api, banking, url, request_body, path):
    method = "put" if url.endswith("verify") else "post"
    answer = api.call(method, PM12 + url, body=v1(request_body))
    assert_refused(answer, "PMS_COR_001")
    assert answer.body["errors"][0]["message"].endswith(f":{path}")


def test_r40_with_a_wrong_type_of_status_and_without_a_body(manager_api, banking):
    make_partner(group=banking, partner_id="airtel-01")
    assert_refused(manager_api.patch(f"{PM12}/partners/airtel-01", body=v1({"status": 1})), "PMS_COR_001")
    answer = manager_api.patch(f"{PM12}/partners/airtel-01", body={"id": "x", "version": "1.0"})
    assert_refused(answer, "PMS_COR_001")
    assert answer.body["errors"][0]["message"] == "Invalid request parameter - must not be null :request"
    assert Partner.objects.get(pk="airtel-01").is_active


def test_registration_without_a_token_is_401(banking):
    answer = PmsApi().post(f"{PM12}/partners", body=v1(body12()))
    assert (answer.status, answer.error_codes) == (401, ["KER-ATH-401"])
    assert not Partner.objects.exists()


@pytest.mark.parametrize("url", ["/admin-partners?pageSize=50&pageNo=0", "/partners", "/partners/v2",
                                 "/partners/v3?status=approved"])
def test_the_lists_cost_the_same_queries_at_any_size(url, banking):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    owner = make_user("big-owner", ["AUTH_PARTNER", "PARTNERMANAGER"])
    make_partner_manager("pm-x", [banking])
    from policies.models import ManagerGroupMapping

    ManagerGroupMapping.objects.create(user=owner, policy_group=banking)
    api = PmsApi(token=token_for(make_user("lister", ["PARTNER_ADMIN"]) if "admin" in url else owner))

    def count(n):
        for i in range(n):
            partner = make_partner(owner, name=f"Org {url} {n} {i}", group=banking, partner_id=f"p{n}-{i}")
            certify(partner)
        api.get(PM12 + url)  # the token's first use authenticates in full
        with CaptureQueriesContext(connection) as queries:
            assert_ok(api.get(PM12 + url))
        return len(queries)

    assert count(2) == count(6)


def test_a_partner_r40_deactivated_while_in_progress_is_not_brought_back_by_r14(api, manager_api, banking):
    registered(api)
    certify(Partner.objects.get(pk="airtel-01"))
    assert_ok(manager_api.patch(f"{PM12}/partners/airtel-01", body=v1({"status": "Active"})))
    assert_ok(manager_api.patch(f"{PM12}/partners/airtel-01", body=v1({"status": "De-Active"})))
    partner = Partner.objects.get(pk="airtel-01")
    assert (partner.approval_status, partner.is_active, partner.deactivated_through) == ("InProgress", False, "1.2")
    before = snapshot(Partner, PartnerCertificate)
    assert_refused(manager_api.patch(f"{PM12}/partners/airtel-01", body=v1({"status": "Active"})), "PMS_PM_063",
                   unchanged=before)
    assert_refused(api.post(f"{PM12}/partners/certificate/upload", body=v1({
        "partnerId": "airtel-01", "certificateData": "-----BEGIN CERTIFICATE-----", "partnerDomain": "AUTH"})),
        "PMS_PMP_016", unchanged=before)


def test_r1_keeps_a_group_given_for_a_type_that_needs_none(api, banking):
    assert_ok(api.post(f"{PM12}/partners", body=v1(body12(partnerType="Device_Provider"))))
    assert Partner.objects.get(pk="airtel-01").policy_group == banking  # 1.2 keeps it; 1.0 refuses PMS_PRT_048


def test_r41_a_manager_without_groups_lists_nothing(banking):
    make_partner(group=banking, partner_id="airtel-01")
    lonely = PmsApi(token=token_for(make_partner_manager("pm-none")))
    assert_refused(lonely.get(f"{PM12}/partners"), "PMS_PMP_013")
    assert_refused(lonely.patch(f"{PM12}/partners/airtel-01", body=v1({"status": "De-Active"})), "PMS_PMP_005")
    assert Partner.objects.get(pk="airtel-01").is_active


def test_the_type_and_group_columns_filter_by_their_text(api, admin_api, owner, banking):
    """partnerType / partnerTypeCode / policyGroupId are foreign keys underneath: they filter
    by the code and id text (the schema fuzzer found both answering HTTP 500)."""
    make_partner(owner, group=banking, partner_id="airtel-01")
    make_partner(make_user("dp", ["DEVICE_PROVIDER"]), name="Dev", partner_type="Device_Provider", partner_id="dev-01")
    page = assert_ok(admin_api.get(f"{PM12}/admin-partners?partnerType=auth"))
    assert [row["partnerId"] for row in page["data"]] == ["airtel-01"]
    search = {"sort": [], "pagination": {"pageStart": 0, "pageFetch": 10}, "partnerType": "all"}
    for column, value in (("partnerTypeCode", "auth_partner"), ("policyGroupId", banking.id)):
        found = assert_ok(api.post(f"{PM12}/partners/search", body=v1({**search, "filters": [
            {"columnName": column, "type": "equals", "value": value}]})))
        assert [row["id"] for row in found["data"]] == ["airtel-01"], column
        contains = assert_ok(api.post(f"{PM12}/partners/search", body=v1({**search, "filters": [
            {"columnName": column, "type": "contains", "value": value[:4]}]})))
        assert contains["totalRecord"] == 1, column
    typed = assert_ok(api.post(f"{PM12}/partners/search", body=v1({**search, "filters": [], "partnerType": "auth_PARTNER"})))
    assert [row["id"] for row in typed["data"]] == ["airtel-01"]
