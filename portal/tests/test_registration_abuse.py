"""The registration form and its e-mails under attack: guessing codes across
registrations, probing which addresses and names exist, relaying text through the
platform's sender; and pages reached by GET that only answer POST."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from partners.models import ApiKeyRequest, Partner, PartnerContact
from partners.tests.factories import make_partner
from policies.tests.factories import PolicyGroupFactory
from portal.conf import app_settings
from portal.models import PendingRegistration, RegistrationStatus, WrongCodeTally
from tests.support.users import PASSWORD, make_user

from .conftest import code_in, register

pytestmark = pytest.mark.django_db

User = get_user_model()


def verify(client, code):
    return client.post("/portal/verify/", {"code": code})


def wrong_for(right):
    return "000000" if right != "000000" else "111111"


def after_the_resend_pause():
    PendingRegistration.objects.update(otp_sent_at=timezone.now() - dt.timedelta(seconds=61))


# --- 6: wrong codes count per address, over every registration of it ----------------------


def test_registering_again_does_not_reset_the_wrong_code_count_of_the_address(banking, mailoutbox, settings):
    settings.PMS_PORTAL_OTP_MAX_ATTEMPTS = 3
    attacker = Client()
    register(attacker)
    first = code_in(mailoutbox[-1])
    for _ in range(2):
        answer = verify(attacker, wrong_for(first))
    assert "Attempts left: 1." in answer.content.decode()

    after_the_resend_pause()
    register(attacker, email="OPS@Airtel.example")  # same address, another spelling
    assert PendingRegistration.objects.filter(status=RegistrationStatus.PENDING).count() == 2  # both wait
    second = code_in(mailoutbox[-1])
    answer = verify(attacker, wrong_for(second))
    assert "Too many wrong codes: this registration is locked." in answer.content.decode()
    answer = verify(attacker, second)  # the right code is refused while the address is locked
    assert "this registration is locked" in answer.content.decode()
    assert not Partner.objects.exists() and not User.objects.exists()

    mailoutbox.clear()
    answer = register(attacker)
    assert "Too many wrong codes were entered for this e-mail address." in answer.content.decode()
    assert mailoutbox == []

    someone_else = Client()  # another address is not affected
    register(someone_else, email="hello@jio.example", organization_name="Jio")
    verify(someone_else, code_in(mailoutbox[-1]))
    assert Partner.objects.get().name == "Jio"


def test_wrong_codes_older_than_the_lock_window_no_longer_count(banking, mailoutbox, settings):
    settings.PMS_PORTAL_OTP_MAX_ATTEMPTS = 3
    client = Client()
    register(client)
    code = code_in(mailoutbox[-1])
    for _ in range(2):
        verify(client, wrong_for(code))
    tally = WrongCodeTally.objects.get()
    long_ago = timezone.now() - dt.timedelta(seconds=app_settings.PMS_PORTAL_LOCK_SECONDS + 1)
    tally.recent = [long_ago.isoformat() for _ in tally.recent]
    tally.save()
    answer = verify(client, wrong_for(code))
    assert "Attempts left: 2." in answer.content.decode()
    verify(client, code)
    assert Partner.objects.count() == 1


def test_the_purge_deletes_tallies_that_no_longer_count_anything(banking, mailoutbox):
    import io

    from django.core.management import call_command

    client = Client()
    register(client)
    verify(client, wrong_for(code_in(mailoutbox[-1])))
    WrongCodeTally.objects.create(pk="f" * 64, recent=[])
    lapsed = timezone.now() - dt.timedelta(seconds=app_settings.PMS_PORTAL_LOCK_SECONDS + 1)
    WrongCodeTally.objects.filter(pk="f" * 64).update(updated_at=lapsed)
    call_command("purge_pending_registrations", stdout=io.StringIO())
    assert not WrongCodeTally.objects.filter(pk="f" * 64).exists()
    assert WrongCodeTally.objects.count() == 1  # the address's tally still counts its wrong code


def test_the_address_is_kept_only_as_a_keyed_digest(banking, mailoutbox):
    client = Client()
    register(client)
    verify(client, wrong_for(code_in(mailoutbox[-1])))
    tally = WrongCodeTally.objects.get()
    assert "airtel" not in tally.pk and len(tally.pk) == 64


# --- 7: nothing on the form tells which addresses exist; every submission is counted --------


def visible_text(answer, *echoed):
    text = answer.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    for value in echoed:
        text = text.replace(value, "<echo>")
    return text


def test_a_taken_login_gets_the_same_answer_as_a_free_address(banking, mailoutbox):
    make_user("ops@airtel.example")
    taken, free = Client(), Client()
    answers = {
        "taken": register(taken, email="ops@airtel.example", organization_name="Org A"),
        "free": register(free, email="new@jio.example", organization_name="Org B"),
    }
    assert {a.status_code for a in answers.values()} == {302}
    assert {a["Location"] for a in answers.values()} == {"/portal/verify/"}
    pages = {"taken": taken.get("/portal/verify/"), "free": free.get("/portal/verify/")}
    assert pages["taken"].status_code == pages["free"].status_code == 200
    assert (visible_text(pages["taken"], "ops@airtel.example")
            == visible_text(pages["free"], "new@jio.example"))

    notice, code_mail = (next(m for m in mailoutbox if m.to == [address])
                         for address in ("ops@airtel.example", "new@jio.example"))
    assert "already has a partner portal account" in notice.body
    assert not re.search(r"\b\d{6}\b", notice.body)  # no code exists for it
    assert code_in(code_mail)

    # Guessing on the taken address answers like any wrong code, and nothing is created.
    answer = verify(taken, "123456")
    assert answer.status_code == 200 and "The verification code is not correct." in answer.content.decode()
    assert User.objects.count() == 1 and not Partner.objects.exists()
    row = AuditEvent.objects.filter(event_key="portal.registration.submit.success").order_by("id").first()
    assert "already has a login" in row.description


def test_asking_again_on_a_taken_address_sends_the_notice_again_not_a_code(banking, mailoutbox):
    make_user("ops@airtel.example")
    client = Client()
    register(client)
    after_the_resend_pause()
    client.post("/portal/verify/resend/")
    assert len(mailoutbox) == 2
    assert all(not re.search(r"\b\d{6}\b", m.body) for m in mailoutbox)


def test_another_partners_contact_address_is_not_an_account_and_may_register(banking, mailoutbox):
    """Contact addresses are not told apart from fresh ones: the code goes to that mailbox,
    and only its holder can verify."""
    partner = make_partner(name="Jio", group=banking)
    PartnerContact.objects.create(partner=partner, email="desk@airtel.example", contact_no="1", address="x")
    client = Client()
    answer = register(client, email="desk@airtel.example")
    assert answer.status_code == 302 and answer["Location"] == "/portal/verify/"
    verify(client, code_in(mailoutbox[-1]))
    assert Partner.objects.filter(name="Airtel India", owner__username="desk@airtel.example").exists()


def test_submissions_with_taken_addresses_are_counted_by_the_client_throttle(banking, mailoutbox, settings):
    settings.PMS_PORTAL_REGISTRATIONS_PER_HOUR = 2
    for number in range(3):
        make_user(f"ops{number}@airtel.example")
    client = Client()
    for number in range(2):
        answer = register(client, email=f"ops{number}@airtel.example", organization_name=f"Airtel {number}")
        assert answer.status_code == 302
    answer = register(client, email="ops2@airtel.example", organization_name="Airtel 2")
    assert "Too many registrations were sent from your network." in answer.content.decode()
    assert len(mailoutbox) == 2


def test_a_taken_organisation_name_is_refused_only_after_the_throttle_counted(banking, mailoutbox, settings):
    settings.PMS_PORTAL_REGISTRATIONS_PER_HOUR = 2
    make_partner(name="Airtel India", group=banking)
    client = Client()
    for number in range(2):
        answer = register(client, email=f"new{number}@airtel.example")
        assert "An organisation with this name is already registered." in answer.content.decode()
    answer = register(client, email="new9@airtel.example")
    text = answer.content.decode()
    assert "Too many registrations were sent from your network." in text
    assert "An organisation with this name is already registered." not in text
    assert mailoutbox == [] and not PendingRegistration.objects.exists()


def test_a_taken_name_is_refused_whatever_the_address_so_it_tells_nothing_about_the_address(banking, mailoutbox):
    make_user("ops@airtel.example")
    make_partner(name="Airtel India", group=banking)
    for email in ("ops@airtel.example", "new@airtel.example"):
        answer = register(Client(), email=email)
        assert "An organisation with this name is already registered." in answer.content.decode()
    assert mailoutbox == []


def test_an_organisation_name_is_unique_within_its_policy_group_only(banking, mailoutbox):
    make_partner(name="Airtel India", group=PolicyGroupFactory(name="Telecom"))
    client = Client()
    register(client, email="new@airtel.example")
    verify(client, code_in(mailoutbox[-1]))
    assert Partner.objects.filter(name="Airtel India", policy_group=banking).exists()


# --- 10: the e-mails echo nothing that could be used as a message of the platform ----------


LURE = ("Acme\n\nURGENT: your account is suspended.\r\nVisit https://evil.example/login "
        "or write to help@evil.example")
LURE = (LURE + " x" * 64)[:128]


def _check_lure_is_tamed(message):
    for text in (message.subject, message.body):
        assert "URGENT: your account" not in text and "suspended.\r" not in text
        assert "https://" not in text and "evil.example" not in text and "help@" not in text
    assert "\n" not in message.subject
    line = next(line for line in message.body.splitlines() if "Acme" in line)
    quoted = re.search(r"“([^”]*)”", line).group(1)
    assert quoted.startswith("Acme URGENT") and quoted.endswith("…") and len(quoted) <= 41


def test_the_code_email_quotes_the_organisation_name_on_one_line_shortened(banking, mailoutbox):
    answer = register(Client(), organization_name=LURE)
    assert answer.status_code == 302 and len(mailoutbox) == 1
    _check_lure_is_tamed(mailoutbox[0])
    assert PendingRegistration.objects.get().organization_name == LURE.strip()  # kept as typed, for the partner


def test_the_account_exists_notice_quotes_the_name_the_same_way(banking, mailoutbox):
    make_user("ops@airtel.example")
    register(Client(), organization_name=LURE)
    _check_lure_is_tamed(mailoutbox[0])


def test_the_password_reset_email_carries_only_the_platforms_text(db, mailoutbox):
    user = make_user("ops@airtel.example")
    User.objects.filter(pk=user.pk).update(email="ops@airtel.example", first_name="Visit https://evil.example")
    # The link's host comes from the request: a host the site does not serve sends nothing.
    answer = Client().post("/portal/password-reset/", {"email": "ops@airtel.example"}, HTTP_HOST="evil.example")
    assert answer.status_code == 400 and mailoutbox == []
    Client().post("/portal/password-reset/", {"email": "ops@airtel.example"})
    assert len(mailoutbox) == 1
    assert "evil.example" not in mailoutbox[0].body and "\n" not in mailoutbox[0].subject


def test_the_account_exists_notice_is_written_in_the_visitors_language(banking, mailoutbox):
    make_user("ops@airtel.example")
    client = Client()
    client.post("/i18n/setlang/", {"language": "fr", "next": "/portal/register/"})
    register(client, organization_name="Airtel India")
    assert mailoutbox[0].subject == "Une inscription avec votre adresse e-mail"
    assert "« Airtel India »" in mailoutbox[0].body and "a déjà un compte" in mailoutbox[0].body


# --- 20: POST-only pages asked for by GET ----------------------------------------------------


@pytest.fixture
def owner(db):
    return make_user("ops@airtel.example", ["PARTNER", "AUTH_PARTNER"])


@pytest.fixture
def browser(owner):
    client = Client()
    assert client.login(username=owner.username, password=PASSWORD)
    return client


def test_get_logout_goes_to_the_login_page_and_does_not_log_out(browser, owner, banking):
    make_partner(owner, name="Airtel India", group=banking, partner_id="airtel-01")
    answer = browser.get("/portal/logout/")
    assert answer.status_code == 302 and answer["Location"] == "/portal/login/"
    final = browser.get("/portal/logout/", follow=True)
    assert final.status_code == 200 and 'id="logout"' in final.content.decode()  # the button to log out
    assert browser.get("/portal/").status_code == 302 and "_auth_user_id" in browser.session

    anonymous = Client().get("/portal/logout/", follow=True)
    assert anonymous.status_code == 200 and anonymous.request["PATH_INFO"] == "/portal/login/"


def test_switching_language_on_the_shown_key_page_lands_on_a_page_in_that_language(browser, owner, banking,
                                                                                    kyc_policy):
    from .test_dashboard import approve

    make_partner(owner, name="Airtel India", group=banking, partner_id="airtel-01")
    browser.post("/portal/partners/airtel-01/keys/", {"policy": "KYC Policy", "use_case": "e-KYC"})
    key_request = ApiKeyRequest.objects.get()
    approve(key_request.pk, banking)
    reveal = f"/portal/partners/airtel-01/keys/{key_request.pk}/reveal/"
    assert browser.post(reveal).status_code == 200

    answer = browser.post("/i18n/setlang/", {"language": "fr", "next": reveal}, follow=True)
    assert answer.status_code == 200
    assert answer.request["PATH_INFO"] == "/portal/partners/airtel-01/"
    assert '<html lang="fr" dir="ltr">' in answer.content.decode()


def test_a_new_code_asked_for_by_get_goes_back_to_the_verify_page(banking, mailoutbox):
    client = Client()
    register(client)
    answer = client.get("/portal/verify/resend/")
    assert answer.status_code == 302 and answer["Location"] == "/portal/verify/"
    assert len(mailoutbox) == 1  # a GET sends nothing


def test_the_language_switch_does_not_follow_an_external_next(db):
    answer = Client().post("/i18n/setlang/", {"language": "ar", "next": "https://evil.example/portal/"})
    assert answer.status_code == 302 and "evil.example" not in answer["Location"]
