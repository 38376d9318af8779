"""The partner service's e-mails of a state change (MOSIP 1.2 catalog §17.2):
``APIKEY_STATUS_UPDATED`` (R23 and the 1.0 key status route) and ``PARTNER_UPDATED`` (R40
and the 1.0 partner status route). Sent through Django's backend once the change committed,
in the partner's stored language, only when the state changed, never for a refusal, never
with a key's value; a failure is logged without the address and ignored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from partners.models import ApiKeyRequest, Partner, PartnerApiKey, PartnerCertificate, RequestStatus
from tests.support.api import PmsApi, assert_error, assert_ok
from tests.support.users import make_user, token_for

from .conftest import MANAGER
from .factories import make_partner

pytestmark = pytest.mark.django_db

PM12 = "/v1/partnermanager"
VALUE = "k3y-value-never-mailed-0123456789"


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def partner(partner_user, banking, kyc_policy):
    return make_partner(partner_user, group=banking, partner_id="airtel-01", lang_code="fra")


def make_key(partner, policy, label="prod", value=VALUE, **fields) -> PartnerApiKey:
    request = ApiKeyRequest.objects.create(partner=partner, policy=policy, use_case="x", status=RequestStatus.APPROVED)
    now = timezone.now()
    key = PartnerApiKey.from_value(value, request=request, partner=partner, policy=policy, label=label,
                                   valid_from=now, valid_to=fields.pop("valid_to", now + dt.timedelta(days=60)), **fields)
    key.save()
    return key


def r23(api, policy_id, status, label="prod"):
    return api.patch(f"{PM12}/partners/airtel-01/policy/{policy_id}/apiKey/status", {"label": label, "status": status})


def test_r23_mails_the_new_key_state_after_commit_in_the_partners_language(
        partner, partner_api, kyc_policy, mailoutbox, django_capture_on_commit_callbacks):
    make_key(partner, kyc_policy, label="Prod key")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert_ok(r23(partner_api, kyc_policy.id, "De-Active", label="prod key"))
    assert mailoutbox == [] and callbacks  # nothing before the commit
    for callback in callbacks:
        callback()
    [mail] = mailoutbox
    assert mail.to == ["ops@airtel.example"] and mail.subject == "Une clé d’API de votre partenaire est désactivée"
    assert "« Prod key »" in mail.body and "« KYC Policy »" in mail.body and "airtel-01" in mail.body
    assert VALUE not in mail.body and VALUE not in mail.subject


def test_no_mail_for_a_refused_or_unchanged_key_state(partner, partner_api, kyc_policy, mailoutbox,
                                                      django_capture_on_commit_callbacks):
    make_key(partner, kyc_policy)
    with django_capture_on_commit_callbacks(execute=True):
        assert_ok(r23(partner_api, kyc_policy.id, "Active"))  # active already: no change
        assert_error(r23(partner_api, kyc_policy.id, "Paused"), "PMS_PM_058")
        assert_error(r23(partner_api, kyc_policy.id, "De-Active", label="other"), "PMS_PRT_111")
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert_ok(r23(partner_api, kyc_policy.id, "De-Active"))
        assert_error(r23(partner_api, kyc_policy.id, "De-Active"), "PMS_PMS_022")
    assert len(mailoutbox) == 1


def test_the_1_0_key_status_route_mails_too(partner, bank_manager_api, kyc_policy, mailoutbox,
                                            django_capture_on_commit_callbacks):
    Partner.objects.filter(pk="airtel-01").update(lang_code="eng")
    make_key(partner, kyc_policy)
    with django_capture_on_commit_callbacks(execute=True):
        assert_ok(bank_manager_api.patch(f"{MANAGER}/airtel-01/{VALUE}", {"status": "De-Active"}))
        assert_ok(bank_manager_api.patch(f"{MANAGER}/airtel-01/{VALUE}", {"status": "De-Active"}))  # unchanged
    [mail] = mailoutbox
    assert mail.subject == "An API key of your partner is deactivated" and "“prod”" in mail.body
    with django_capture_on_commit_callbacks(execute=True):
        assert_ok(bank_manager_api.patch(f"{MANAGER}/airtel-01/{VALUE}", {"status": "Active"}))
    assert mailoutbox[-1].subject == "An API key of your partner is activated" and VALUE not in mailoutbox[-1].body


def test_r40_and_the_1_0_partner_status_route_mail_partner_updated(partner, bank_manager_api, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    Partner.objects.filter(pk="airtel-01").update(lang_code="ara")
    with django_capture_on_commit_callbacks(execute=True):
        assert_ok(bank_manager_api.patch(f"{MANAGER}/airtel-01", {"status": "De-Active"}))  # 1.0
        assert_ok(bank_manager_api.patch(f"{MANAGER}/airtel-01", {"status": "Active"}))
    assert [mail.subject for mail in mailoutbox] == ["تم تعطيل شريكك", "تم تفعيل شريكك"]
    assert "«Airtel India»" in mailoutbox[0].body
    PartnerCertificate.objects.create(partner=partner, domain="AUTH", certificate_pem="-", signed_certificate_pem="-",
                                      fingerprint="f" * 64, not_after=timezone.now() + dt.timedelta(days=1))
    Partner.objects.filter(pk="airtel-01").update(lang_code="eng")
    with django_capture_on_commit_callbacks(execute=True):
        assert_error(bank_manager_api.patch(f"{PM12}/partners/airtel-01", {"status": "Paused"}), "PMS_PM_058")
        assert_ok(bank_manager_api.patch(f"{PM12}/partners/airtel-01", {"status": "Active"}))  # unchanged
        assert len(mailoutbox) == 2
        assert_ok(bank_manager_api.patch(f"{PM12}/partners/airtel-01", {"status": "De-Active"}))  # R40
        assert_error(bank_manager_api.patch(f"{PM12}/partners/airtel-01", {"status": "Active"}), "PMS_PM_063")
    [*_, mail] = mailoutbox
    assert len(mailoutbox) == 3 and mail.subject == "Your partner is deactivated" and mail.to == ["ops@airtel.example"]
    assert "“Airtel India” (airtel-01) is deactivated." in mail.body


def test_a_failed_mail_is_logged_without_the_address_and_changes_nothing(
        partner, partner_api, kyc_policy, monkeypatch, caplog, django_capture_on_commit_callbacks):
    import partners.services.mails as mails

    def refuse(*args, **kwargs):
        raise OSError("550 ops@airtel.example refused")

    monkeypatch.setattr(mails, "send_mail", refuse)
    key = make_key(partner, kyc_policy)
    with django_capture_on_commit_callbacks(execute=True):
        assert assert_ok(r23(partner_api, kyc_policy.id, "De-Active")) == "Partner apikey de-activated successfully."
    key.refresh_from_db()
    assert key.is_active is False
    assert "API key status e-mail of partner airtel-01 not sent: OSError" in caplog.text
    assert "ops@airtel.example" not in caplog.text and VALUE not in caplog.text


def test_an_unknown_language_falls_back_to_the_default(partner, partner_api, kyc_policy, mailoutbox, settings,
                                                       django_capture_on_commit_callbacks):
    settings.LANGUAGE_CODE = "en"
    Partner.objects.filter(pk="airtel-01").update(lang_code="deu")
    make_key(partner, kyc_policy)
    stranger = PmsApi(token=token_for(make_user("stranger", ["AUTH_PARTNER"])))
    with django_capture_on_commit_callbacks(execute=True):
        assert_error(r23(stranger, kyc_policy.id, "De-Active"), "PMS_PRT_111")
        assert_ok(r23(partner_api, kyc_policy.id, "De-Active"))
    [mail] = mailoutbox
    assert mail.subject == "An API key of your partner is deactivated"
