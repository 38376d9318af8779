"""``manage.py remind_expiring_api_keys`` (MOSIP 1.2 ``APIKEY_EXPIRED``, catalog §17.3): who
is mailed, in which language, with what (never a key's value), at most once per key and
expiry time, and what a failed mail does."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEvent
from partners.models import ApiKeyExpiryNotice, ApiKeyRequest, Partner, PartnerApiKey, RequestStatus
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory

from .factories import make_partner

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def make_key(partner, policy, label, expires_in, active=True) -> PartnerApiKey:
    request = ApiKeyRequest.objects.create(partner=partner, policy=policy, use_case="x", status=RequestStatus.APPROVED)
    now = timezone.now()
    key = PartnerApiKey.from_value(f"value-of-{label}-secret", request=request, partner=partner, policy=policy,
                                   label=label, valid_from=now - 30 * DAY, valid_to=now + expires_in, is_active=active)
    key.save()
    return key


@pytest.fixture
def world(banking, kyc_policy):
    airtel = make_partner(group=banking, partner_id="airtel-01", lang_code="fra")
    jio = make_partner(name="Jio", group=banking, partner_id="jio-01", lang_code="eng")
    Partner.objects.filter(pk="jio-01").update(email="keys@jio.example")
    jio.refresh_from_db()
    gone = make_partner(name="Gone Ltd", group=banking, partner_id="gone-01", is_active=False)
    print_policy = PolicyFactory(policy_group=banking, name="Print Policy", status=PolicyStatus.PUBLISHED)
    keys = {
        "soon": make_key(airtel, kyc_policy, "soon", 2 * DAY),
        "later": make_key(airtel, print_policy, "later", 10 * DAY),
        "off": make_key(airtel, print_policy, "off", DAY, active=False),
        "expired": make_key(airtel, print_policy, "expired", -DAY),
        "jio-a": make_key(jio, kyc_policy, "jio-a", DAY),
        "jio-b": make_key(jio, print_policy, "jio-b", 3 * DAY - dt.timedelta(minutes=5)),
        "gone": make_key(gone, kyc_policy, "gone", DAY),
    }
    return keys


def run() -> str:
    out = io.StringIO()
    call_command("remind_expiring_api_keys", stdout=out)
    return out.getvalue()


def test_each_partner_with_due_active_keys_gets_one_mail_in_its_language(world, mailoutbox,
                                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert run().strip() == "reminded 2 partner(s) of 3 expiring API key(s)"
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert sorted(by_address) == ["keys@jio.example", "ops@airtel.example"]
    airtel = by_address["ops@airtel.example"]
    assert airtel.subject == "Des clés d’API de votre partenaire expirent bientôt"
    expires = timezone.localtime(world["soon"].valid_to, dt.timezone.utc).strftime("%Y-%m-%d %H:%M")
    assert f"« soon » sous la politique « KYC Policy », expire le {expires} (UTC)" in airtel.body
    for absent in ("later", "off", "expired", "value-of-"):
        assert absent not in airtel.body
    jio = by_address["keys@jio.example"]
    assert jio.subject == "API keys of your partner expire soon"
    assert "“jio-a” under the policy “KYC Policy”" in jio.body and "“jio-b” under the policy “Print Policy”" in jio.body
    assert "value-of-" not in jio.body
    assert sorted(ApiKeyExpiryNotice.objects.values_list("key__label", flat=True)) == ["jio-a", "jio-b", "soon"]
    rows = AuditEvent.objects.filter(event_key__startswith="partner.apikey.expiry_notice").order_by("pk")
    assert list(rows.values_list("event_id", "event_type")) == [("PMS_PRT_173", "System"), ("PMS_PRT_273", "System")]
    assert "2 partner(s) reminded of 3 API key(s) expiring within 3 day(s)" in rows.last().description


def test_no_key_is_reminded_twice_for_one_expiry(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert len(mailoutbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert run().strip() == "reminded 0 partner(s) of 0 expiring API key(s)"
    assert len(mailoutbox) == 2
    key = world["soon"]
    key.valid_to += dt.timedelta(hours=12)  # a new expiry time: a new notice window
    key.save()
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert len(mailoutbox) == 3 and "« soon »" in mailoutbox[-1].body and "jio" not in mailoutbox[-1].body


def test_the_notice_window_is_a_setting(world, mailoutbox, settings, django_capture_on_commit_callbacks):
    settings.PMS_API_KEY_EXPIRY_NOTICE_DAYS = 1
    with django_capture_on_commit_callbacks(execute=True):
        assert run().strip() == "reminded 1 partner(s) of 1 expiring API key(s)"
    assert "jio-a" in mailoutbox[0].body
    settings.PMS_API_KEY_EXPIRY_NOTICE_DAYS = 15
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert sorted(ApiKeyExpiryNotice.objects.values_list("key__label", flat=True)) == \
        ["jio-a", "jio-b", "later", "soon"]


def test_a_failed_mail_is_logged_not_retried_and_does_not_stop_the_others(world, mailoutbox, monkeypatch, caplog,
                                                                          django_capture_on_commit_callbacks):
    import partners.services.mails as mails

    real = mails.send_mail

    def refuse_airtel(subject, body, sender, to):
        if to == ["ops@airtel.example"]:
            raise OSError("550 ops@airtel.example unknown")
        return real(subject, body, sender, to)

    monkeypatch.setattr(mails, "send_mail", refuse_airtel)
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert [mail.to for mail in mailoutbox] == [["keys@jio.example"]]
    assert "API key expiry e-mail of partner airtel-01 not sent: OSError" in caplog.text
    assert "ops@airtel.example" not in caplog.text and "value-of-" not in caplog.text
    assert ApiKeyExpiryNotice.objects.filter(key=world["soon"]).exists()  # at most once: not retried
    monkeypatch.setattr(mails, "send_mail", real)
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert len(mailoutbox) == 1
