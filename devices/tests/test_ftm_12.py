"""MOSIP 1.2's FTM chips (R93–R102, 1.2 catalog §13, states §16.9) over HTTP: a provider's
journey, the certificate checked against the FTM domain's trust chain and signed by the one
signer, the event, the terminal states, envelopes and codes, and scope (SPEC §10.2)."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs7
from django.utils import timezone

from audit.models import AuditEvent
from devices.models import FtmChipDetail
from events.models import OutboxEvent
from kernel.keys import server_key
from kernel.secrets import secret_box
from partners.models import PartnerCertificate, TrustedCertificate
from partners.tests import pki
from partners.tests.factories import make_partner
from tests.support.api import PmsApi, assert_error, assert_ok
from tests.support.audit import assert_refused, snapshot
from tests.support.users import make_user, token_for

pytestmark = pytest.mark.django_db

PM12 = "/v1/partnermanager"
CHIPS = f"{PM12}/ftpchipdetail"
UPLOAD = f"{CHIPS}/uploadcertificate"
V1_KEYS = ["id", "version", "responsetime", "metadata", "response", "errors"]
V2_KEYS = ["id", "version", "responseTime", "metadata", "response", "errors"]
ORG = "ChipWorks"


def body(**request):
    return {"id": "", "version": "1.0", "requesttime": "2026-01-01T10:00:00.000Z", "request": request}


def v2(api_id: str, **request):
    today = timezone.now().strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return {"id": api_id, "version": "1.0", "requestTime": today, "request": request}


def chip_certificate(org=ORG, cn="chip-se1", **kw):
    return pki.certificate(cn, org=org, issuer_cn="FTM Sub CA", issuer_key=pki.key("FTM Sub CA"), **kw)


@pytest.fixture
def admin_api(db):
    return PmsApi(token=token_for(make_user("ftm-admin", ["PARTNER_ADMIN"])))


@pytest.fixture
def ftm_chain(db):
    """The FTM domain's root and intermediate in the one trust store."""
    from kernel.actors import Actor
    from partners.services import upload_ca_certificate

    actor = Actor.system()
    root = pki.certificate("FTM Root CA", ca=True, days=3650)
    sub = pki.certificate("FTM Sub CA", issuer_cn="FTM Root CA", issuer_key=pki.key("FTM Root CA"), ca=True, days=1825)
    for cert in (root, sub):
        upload_ca_certificate(actor=actor, certificate_data=pki.pem(cert), domain="FTM")
    return sub


@pytest.fixture
def provider_user(db):
    return make_user("chipworks", ["FTM_PROVIDER"])


@pytest.fixture
def provider(provider_user):
    return make_partner(provider_user, name=ORG, partner_type="FTM_Provider", partner_id="chipworks")


@pytest.fixture
def api(provider_user):
    return PmsApi(token=token_for(provider_user))


@pytest.fixture
def intruder_api(db):
    user = make_user("otherchips", ["FTM_PROVIDER"])
    make_partner(user, name="Other Chips", partner_type="FTM_Provider", partner_id="otherchips")
    return PmsApi(token=token_for(user))


def create(api, provider_id="chipworks", make="Secure", model="SE-1"):
    return api.call("post", CHIPS, body=body(ftpProviderId=provider_id, make=make, model=model))


def upload(api, chip_id, cert=None, **overrides):
    request = {"ftpProviderId": "chipworks", "ftpChipDeatilId": chip_id, "isItForRegistrationDevice": False,
               "certificateData": pki.pem(cert or chip_certificate()), "organizationName": ORG, "partnerDomain": "FTM"}
    request.update(overrides)
    return api.call("post", UPLOAD, body=body(**request))


def decide(api, chip_id, approve=True):
    return api.call("patch", CHIPS, body=body(ftpChipDetailId=chip_id, approvalStatus=approve))


def deactivate(api, chip_id, status="De-Activate"):
    return api.call("patch", f"{CHIPS}/{chip_id}", body=v2("mosip.pms.deactivate.ftm.patch", status=status))


@pytest.fixture
def chip(api, provider, ftm_chain):
    return assert_ok(create(api))["id"]


@pytest.fixture
def approved_chip(api, admin_api, chip):
    assert_ok(upload(api, chip))
    assert assert_ok(decide(admin_api, chip)) == "Status updated successfully."
    return chip


# --- the journey ----------------------------------------------------------------------------

def test_a_chip_goes_from_creation_to_approval_to_signed_download_to_final_deactivation(api, admin_api, chip):
    row = FtmChipDetail.objects.get(pk=chip)
    assert (row.approval_status, row.is_active, row.partner_org_name, row.created_by) == (
        "pending_cert_upload", False, ORG, "chipworks")
    assert len(chip) == 36  # a UUID, not MOSIP's guessable number

    answer = upload(api, chip)
    uploaded = assert_ok(answer)
    assert list(answer.body) == V1_KEYS and answer.body["id"] is None
    signed = x509.load_pem_x509_certificate(uploaded["certificateId"].encode())
    assert signed.issuer == server_key().certificate.subject
    assert signed.subject == chip_certificate().subject
    bundle = pkcs7.load_der_pkcs7_certificates(base64.urlsafe_b64decode(uploaded["signedCertificateData"]))
    assert bundle[0] == signed and bundle[1] == server_key().certificate
    row.refresh_from_db()
    assert (row.approval_status, row.is_active) == ("pending_approval", False)

    assert_ok(decide(admin_api, chip))
    row.refresh_from_db()
    assert (row.approval_status, row.is_active) == ("approved", True)

    answer = api.call("get", f"{CHIPS}/{chip}/certificate-data")
    pair = assert_ok(answer)
    assert list(answer.body) == V2_KEYS and answer.body["id"] == "mosip.pms.original.ftm.certificate.get"
    assert pair["caSignedCertificateData"] == row.certificate_pem
    assert pair["mosipSignedCertificateData"] == uploaded["certificateId"]
    assert pair["isCaSignedCertificateExpired"] is False and pair["isMosipSignedCertificateExpired"] is False
    assert pair["caSignedCertExpiryDateTime"] and "+" not in pair["caSignedCertExpiryDateTime"]

    answer = deactivate(api, chip)
    assert assert_ok(answer) == {"ftmId": chip, "status": "approved", "isActive": False, "active": False}
    assert answer.body["id"] == "mosip.pms.deactivate.ftm.patch"
    before = snapshot(FtmChipDetail)
    assert_refused(decide(admin_api, chip), "PMS_FTM_ERROR_007", unchanged=before)  # R95 does not re-activate
    assert_refused(deactivate(api, chip), "PMS_FTM_ERROR_007", unchanged=before)
    assert_refused(upload(api, chip), "PMP_AUT_039", unchanged=before)
    assert_refused(api.call("get", f"{CHIPS}/{chip}/certificate-data"), "PMS_FTM_ERROR_009", unchanged=before)
    assert row.history.count() == 4  # created, certificate, approved, deactivated


def test_the_upload_records_ca_certificate_uploaded_and_no_partner_certificate(api, chip, settings):
    settings.PMS_WEBSUB_HUB_URL = "http://hub.invalid/websub"
    before = PartnerCertificate.objects.count()
    assert_ok(upload(api, chip))
    assert PartnerCertificate.objects.count() == before  # the chip's certificate is not the partner's
    topics = [e.topic for e in OutboxEvent.objects.order_by("id")]
    assert topics == ["CA_CERTIFICATE_UPLOADED"]
    data = json.loads(secret_box().open(OutboxEvent.objects.get().sealed_data))
    assert data == {"certChainDatashareUrl": None, "partnerDomain": "FTM"}
    assert AuditEvent.objects.filter(event_id="PMS_DEV_233").count() == 1


def test_re_uploading_an_approved_chips_certificate_sends_it_back_to_approval(api, approved_chip):
    assert_ok(upload(api, approved_chip, chip_certificate(cn="chip-se1-renewed")))
    row = FtmChipDetail.objects.get(pk=approved_chip)
    assert (row.approval_status, row.is_active) == ("pending_approval", False)
    assert "chip-se1-renewed" in x509.load_pem_x509_certificate(row.certificate_pem.encode()).subject.rfc4514_string()


# --- the certificate's checks -----------------------------------------------------------------

def test_a_certificate_outside_the_ftm_trust_chain_is_refused(api, chip):
    before = snapshot(FtmChipDetail)
    stranger = pki.certificate("chip-x", org=ORG, issuer_cn="Stranger CA", issuer_key=pki.key("Stranger CA"))
    assert_refused(upload(api, chip, stranger), "KER-PCM-006", unchanged=before)
    # the AUTH domain's chain is not the FTM domain's
    assert_refused(upload(api, chip, pki.partner_certificate(org=ORG)), "KER-PCM-006", unchanged=before)


def test_a_certificate_of_another_organisation_or_domain_is_refused(api, chip):
    before = snapshot(FtmChipDetail)
    assert_refused(upload(api, chip, chip_certificate(org="Someone Else")), "KER-PCM-008", unchanged=before)
    assert_refused(upload(api, chip, organizationName="Someone Else"), "KER-PCM-008", unchanged=before)
    assert_refused(upload(api, chip, partnerDomain="AUTH"), "KER-PCM-011", unchanged=before)
    assert_refused(upload(api, chip, certificateData="garbage"), "KER-PCM-001", unchanged=before)
    expired = chip_certificate(starts=-30, days=-1)
    assert_refused(upload(api, chip, expired), "KER-PCM-004", unchanged=before)


def test_the_upload_wants_the_chip_of_that_provider_in_an_uploadable_state(api, admin_api, chip):
    before = snapshot(FtmChipDetail)
    assert_refused(upload(api, "no-such-chip"), "PMP_AUT_031", unchanged=before)
    assert_refused(upload(api, chip, ftpProviderId="nobody"), "PMP_AUT_030", unchanged=before)
    assert_ok(upload(api, chip))
    assert_refused(upload(api, chip), "PMP_AUT_038")  # pending approval
    assert_ok(decide(admin_api, chip, approve=False))
    assert_refused(upload(api, chip), "PMP_AUT_038")  # rejected


def test_the_mapping_of_chip_and_provider_is_checked(api, admin_api, provider_user, provider, chip):
    second = make_partner(provider_user, name="ChipWorks Two", partner_type="FTM_Provider", partner_id="chipworks2")
    answer = upload(api, chip, ftpProviderId=second.id, organizationName="ChipWorks Two")
    assert_error(answer, "PMP_AUT_034")


# --- approval ---------------------------------------------------------------------------------

def test_approval_needs_a_certificate_and_never_approves_a_rejected_chip(api, admin_api, chip):
    before = snapshot(FtmChipDetail)
    assert_refused(decide(admin_api, chip), "PMP_AUT_033", unchanged=before)
    assert_refused(decide(admin_api, "no-such-chip"), "PMP_AUT_031", unchanged=before)
    assert_ok(upload(api, chip))
    assert_ok(decide(admin_api, chip, approve=False))
    rejected = snapshot(FtmChipDetail)
    assert_refused(decide(admin_api, chip), "PMS_FTM_ERROR_008", unchanged=rejected)
    assert_ok(decide(admin_api, chip, approve=False))  # the same decision again changes nothing
    assert rejected.take() == rejected.rows


def test_a_rejected_chip_may_be_registered_again(api, admin_api, chip):
    before = snapshot(FtmChipDetail)
    assert_refused(create(api, make=" Secure ", model="SE-1"), "PMP_AUT_032", unchanged=before)
    assert_ok(upload(api, chip))
    assert_ok(decide(admin_api, chip, approve=False))
    again = assert_ok(create(api))["id"]
    assert again != chip


def test_a_provider_may_not_approve_its_own_chip(api, chip):
    answer = decide(api, chip)
    assert answer.status == 403 and "KER-ATH-403" in answer.error_codes


# --- R93/R94 ----------------------------------------------------------------------------------

def test_create_wants_an_active_ftm_provider_the_caller_owns(api, provider_user, provider, ftm_chain):
    before = snapshot(FtmChipDetail)
    assert_refused(create(api, provider_id="nobody"), "PMP_AUT_030", unchanged=before)
    make_partner(provider_user, name="Auth Side", partner_type="Auth_Partner", partner_id="authside")
    assert_refused(create(api, provider_id="authside"), "PMP_AUT_030", unchanged=before)
    make_partner(provider_user, name="Sleepy", partner_type="FTM_Provider", partner_id="sleepy",
                 approval_status="InProgress", is_active=False)
    assert_refused(create(api, provider_id="sleepy"), "PMP_AUT_030", unchanged=before)
    answer = create(api, make="x" * 37)
    assert_error(answer, "PMS_COR_001")
    assert answer.body["errors"][0]["message"] == (
        "Invalid request parameter - Length should be in between 1 and 36 chars :request.make")
    answer = create(api, make="  ")
    assert answer.body["errors"][0]["message"] == "Invalid request parameter - value is empty or null :request.make"


def test_update_changes_make_and_model_unless_another_chip_has_them(api, chip):
    other = assert_ok(create(api, model="SE-2"))["id"]
    assert assert_ok(api.call("put", CHIPS, body=body(ftpChipDetailId=chip, make="Secure", model="SE-3"))) == {
        "id": chip}
    assert FtmChipDetail.objects.get(pk=chip).model == "SE-3"
    before = snapshot(FtmChipDetail)
    assert_refused(api.call("put", CHIPS, body=body(ftpChipDetailId=chip, make="Secure", model="SE-2")),
                   "PMP_AUT_032", unchanged=before)
    assert_refused(api.call("put", CHIPS, body=body(ftpChipDetailId="nope", make="a", model="b")), "PMP_AUT_031",
                   unchanged=before)
    assert other


# --- R99 --------------------------------------------------------------------------------------

def test_deactivation_wants_de_activate_an_approved_chip_and_a_v2_envelope(api, chip):
    before = snapshot(FtmChipDetail)
    answer = deactivate(api, chip, status="Active")
    assert_refused(answer, "PMS_DEVICE_ERROR_026", unchanged=before)
    assert answer.body["id"] == "mosip.pms.deactivate.ftm.patch"
    assert_refused(deactivate(api, chip), "PMS_FTM_ERROR_010", unchanged=before)
    assert_refused(deactivate(api, "no-such-chip"), "PMS_FTM_ERROR_005", unchanged=before)
    answer = api.call("patch", f"{CHIPS}/{chip}", body=body(status="De-Activate"))
    assert_refused(answer, "PMS_REQUEST_ERROR_002", unchanged=before)


def test_deactivation_needs_the_caller_to_own_a_partner(chip, ftm_chain):
    nobody = PmsApi(token=token_for(make_user("lonely", ["FTM_PROVIDER"])))
    assert_error(deactivate(nobody, chip), "PMS_CERTIFICATE_ERROR_002")


# --- R97, R98 ---------------------------------------------------------------------------------

def test_the_legacy_certificate_read_answers_null_for_an_unknown_chip(api, chip):
    answer = api.call("get", f"{CHIPS}/getPartnerCertificate/no-such-chip")
    assert answer.body["response"] is None and answer.body["errors"] == []
    assert_error(api.call("get", f"{CHIPS}/getPartnerCertificate/{chip}"), "PMP_AUT_033")
    assert_ok(upload(api, chip))
    read = assert_ok(api.call("get", f"{CHIPS}/getPartnerCertificate/{chip}"))
    assert read["certificateData"] == FtmChipDetail.objects.get(pk=chip).signed_certificate_pem


def test_the_certificate_download_wants_a_pending_or_approved_chip_and_the_switch(api, chip, settings):
    assert_error(api.call("get", f"{CHIPS}/{chip}/certificate-data"), "PMS_FTM_ERROR_008")
    assert_ok(upload(api, chip))
    assert_ok(api.call("get", f"{CHIPS}/{chip}/certificate-data"))  # pending approval
    settings.PMS_FEATURE_CA_SIGNED_PARTNER_CERTIFICATE = False
    answer = api.call("get", f"{CHIPS}/{chip}/certificate-data")
    assert_error(answer, "PMS_FEATURE_003")
    assert list(answer.body) == V1_KEYS and answer.body["id"] == "mosip.partnermanagement"


def test_an_expired_certificate_is_blanked_in_the_download(api, chip):
    assert_ok(upload(api, chip))
    FtmChipDetail.objects.filter(pk=chip).update(certificate_pem=pki.pem(chip_certificate(starts=-30, days=-1)))
    pair = assert_ok(api.call("get", f"{CHIPS}/{chip}/certificate-data"))
    assert pair["caSignedCertificateData"] == "" and pair["isCaSignedCertificateExpired"] is True
    assert pair["mosipSignedCertificateData"] and pair["isMosipSignedCertificateExpired"] is False


# --- lists ------------------------------------------------------------------------------------

def test_r100_lists_the_callers_chips_with_their_certificates_expiry(api, approved_chip, intruder_api, settings):
    answer = api.call("get", CHIPS)
    rows = assert_ok(answer)
    assert answer.body["id"] == "mosip.pms.ftm.chip.details.get"
    assert [(r["ftmId"], r["status"], r["isActive"], r["partnerStatus"], r["isCertificateExpired"]) for r in rows] == [
        (approved_chip, "approved", True, "approved", False)]
    assert rows[0]["certificateExpiryDateTime"]
    assert assert_ok(intruder_api.call("get", CHIPS)) == []
    settings.PMS_FEATURE_CA_SIGNED_PARTNER_CERTIFICATE = False
    row = assert_ok(api.call("get", CHIPS))[0]
    assert row["certificateExpiryDateTime"] is None and row["certificateUploadDateTime"]


def test_r101_pages_filters_and_sorts_every_chip_for_the_admin(api, admin_api, approved_chip):
    assert_ok(create(api, model="SE-2"))
    answer = admin_api.call("get", f"{CHIPS}/v2")
    page = assert_ok(answer)
    assert answer.body["id"] == "mosip.pms.partners.ftm.chip.details.get"
    assert (page["pageNo"], page["pageSize"], page["totalResults"]) == (0, 8, 2)
    assert_ok(deactivate(api, approved_chip))
    page = assert_ok(admin_api.call("get", f"{CHIPS}/v2?status=deactivated"))
    assert [(r["ftmId"], r["status"]) for r in page["data"]] == [(approved_chip, "deactivated")]
    page = assert_ok(admin_api.call("get", f"{CHIPS}/v2?status=pending_cert_upload&model=se-&orgName=chip&partnerId=WORKS"))
    assert [r["model"] for r in page["data"]] == ["SE-2"]
    page = assert_ok(admin_api.call("get", f"{CHIPS}/v2?sortFieldName=status&sortType=asc&pageNo=0&pageSize=1"))
    assert [r["status"] for r in page["data"]] == ["deactivated"] and page["totalResults"] == 2
    answer = admin_api.call("get", f"{CHIPS}/v2?sortFieldName=colour&sortType=asc")
    assert_error(answer, "PMS_PRT_357")
    assert answer.body["id"] == "mosip.partnermanagement"


def test_r102_searches_unpaged_and_only_the_callers_chips(api, chip, intruder_api):
    assert_ok(create(api, model="SE-2"))
    search = body(filters=[{"columnName": "make", "type": "contains", "value": "secure"}], sort=[],
                  pagination={"pageStart": 0, "pageFetch": 1})
    page = assert_ok(api.call("post", f"{CHIPS}/search", body=search))
    assert (page["fromRecord"], page["toRecord"], page["totalRecord"], len(page["data"])) == (0, 2, 2, 2)
    assert set(page["data"][0]) >= {"ftpChipDetailId", "active", "deleted", "approvalStatus"}
    by_provider = body(filters=[{"columnName": "ftpProviderId", "type": "contains", "value": "works"}], sort=[],
                       pagination={"pageStart": 0, "pageFetch": 10})
    assert assert_ok(api.call("post", f"{CHIPS}/search", body=by_provider))["totalRecord"] == 2
    nothing = assert_ok(intruder_api.call("post", f"{CHIPS}/search", body=search))
    assert nothing == {"fromRecord": 0, "toRecord": 0, "totalRecord": 0, "data": None}


# --- scope (SPEC §10.2) -----------------------------------------------------------------------

def test_another_providers_chip_answers_like_an_unknown_one(approved_chip, intruder_api):
    before = snapshot(FtmChipDetail)
    calls = [
        ("post", UPLOAD, body(ftpProviderId="otherchips", ftpChipDeatilId="{id}", isItForRegistrationDevice=False,
                              certificateData=pki.pem(chip_certificate(org="Other Chips")),
                              organizationName="Other Chips", partnerDomain="FTM")),
        ("put", CHIPS, body(ftpChipDetailId="{id}", make="Taken", model="Over")),
        ("get", f"{CHIPS}/getPartnerCertificate/{{id}}", None),
        ("get", f"{CHIPS}/{{id}}/certificate-data", None),
        ("patch", f"{CHIPS}/{{id}}", v2("mosip.pms.deactivate.ftm.patch", status="De-Activate")),
    ]
    for method, url, payload in calls:
        answers = []
        for chip_id in (approved_chip, "0b6f3c52-0000-4000-8000-000000000000"):
            text = json.dumps(payload).replace("{id}", chip_id) if payload else None
            answer = intruder_api.call(method, url.replace("{id}", chip_id), raw=text)
            body_ = dict(answer.body)
            body_.pop("responsetime", None)
            body_.pop("responseTime", None)
            answers.append((answer.status, body_))
            assert "chipworks" not in json.dumps(answer.body).lower() and "Secure" not in json.dumps(answer.body)
        assert answers[0] == answers[1], (method, url, answers)
    # a provider names another's partner: like an unknown provider
    assert_error(create(intruder_api, provider_id="chipworks"), "PMP_AUT_030")
    assert before.take() == before.rows


def test_the_admin_acts_on_every_chip_but_r98_and_r99_want_it_to_own_a_partner(admin_api, chip, api):
    from accounts.models import User

    assert_ok(upload(admin_api, chip))
    assert_ok(decide(admin_api, chip))
    assert_error(admin_api.call("get", f"{CHIPS}/{chip}/certificate-data"), "PMS_CERTIFICATE_ERROR_002")
    assert_error(deactivate(admin_api, chip), "PMS_CERTIFICATE_ERROR_002")
    make_partner(User.objects.get(username="ftm-admin"), name="Platform", partner_type="Auth_Partner",
                 partner_id="platform")
    assert_ok(admin_api.call("get", f"{CHIPS}/{chip}/certificate-data"))
    assert_ok(deactivate(admin_api, chip))


def test_a_chip_id_is_random(api, provider, ftm_chain):
    ids = {assert_ok(create(api, model=f"M{n}"))["id"] for n in range(3)}
    assert len(ids) == 3 and all(len(i) == 36 for i in ids)
    assert TrustedCertificate.objects.filter(domain="FTM").count() == 2


def test_an_inactive_providers_chip_is_not_renamed(api, chip, provider):
    """R93 and R96 refuse a provider a partner admin deactivated; the legacy R94 did not."""
    provider.is_active = False
    provider.save()
    before = snapshot(FtmChipDetail)
    assert_refused(api.call("put", CHIPS, body=body(ftpChipDetailId=chip, make="Secure", model="SE-9")),
                   "PMS_PMP_016", unchanged=before)
