"""Self-registration with an e-mailed code: register → code by e-mail → verify → the
partner and its login exist (PMS_PRT_101/200); every refusal says why and changes nothing."""

import datetime as dt
import io
import logging

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from partners.models import Partner
from partners.tests.factories import make_partner
from policies.tests.factories import PolicyGroupFactory
from portal.models import PendingRegistration, RegistrationStatus
from portal.services import otp_digest
from tests.support.users import make_user

from .conftest import STRONG, code_in, register

pytestmark = pytest.mark.django_db

User = get_user_model()


def verify(client, code):
    return client.post("/portal/verify/", {"code": code})


def test_registering_sends_a_code_and_verifying_creates_the_partner_and_its_login(visitor, banking, mailoutbox):
    answer = register(visitor)
    assert answer.status_code == 302 and answer["Location"] == "/portal/verify/"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["ops@airtel.example"]
    assert not Partner.objects.exists() and not User.objects.filter(username="ops@airtel.example").exists()
    pending = PendingRegistration.objects.get()
    assert pending.status == RegistrationStatus.PENDING
    assert AuditEvent.objects.filter(event_key="portal.registration.submit.success", ref_id=pending.pk).exists()

    answer = verify(visitor, code_in(mailoutbox[0]))
    assert answer.status_code == 302 and answer["Location"] == "/portal/login/"
    partner = Partner.objects.get()
    user = User.objects.get(username="ops@airtel.example")
    assert partner.owner == user and partner.name == "Airtel India" and partner.policy_group == banking
    assert partner.partner_type_id == "Auth_Partner" and partner.is_active
    assert set(user.groups.values_list("name", flat=True)) == {"PARTNER", "AUTH_PARTNER"}
    assert user.check_password(STRONG) and not user.is_staff
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.VERIFIED and pending.partner_id == partner.pk
    keys = list(AuditEvent.objects.order_by("id").values_list("event_id", flat=True))
    assert "PMS_PRT_101" in keys and "PMS_PRT_200" in keys  # the seed's registration events
    assert AuditEvent.objects.get(event_id="PMS_PRT_200").session_user_id == "ops@airtel.example"
    assert AuditEvent.objects.filter(event_key="portal.registration.verify.success", ref_id=pending.pk).exists()
    assert pending.history.count() >= 2  # created, then verified


def test_a_wrong_code_is_refused_counted_and_creates_nothing(visitor, banking, mailoutbox):
    register(visitor)
    right = code_in(mailoutbox[0])
    wrong = "000000" if right != "000000" else "111111"
    answer = verify(visitor, wrong)
    assert answer.status_code == 200
    assert "The verification code is not correct. Attempts left: 4." in answer.content.decode()
    assert not Partner.objects.exists() and not User.objects.exists()
    assert PendingRegistration.objects.get().failed_attempts == 1
    row = AuditEvent.objects.get(event_key="portal.registration.verify.failure")
    assert "PMS_PTL_001" in row.description


def test_an_expired_code_is_refused_and_creates_nothing(visitor, banking, mailoutbox):
    register(visitor)
    PendingRegistration.objects.update(otp_expires_at=timezone.now() - dt.timedelta(seconds=1))
    answer = verify(visitor, code_in(mailoutbox[0]))
    assert "The verification code has expired. Ask for a new code." in answer.content.decode()
    assert not Partner.objects.exists() and not User.objects.exists()
    assert PendingRegistration.objects.get().failed_attempts == 0  # expiry is not a guess
    assert "PMS_PTL_002" in AuditEvent.objects.get(event_key="portal.registration.verify.failure").description


def test_too_many_wrong_codes_lock_the_registration_even_for_the_right_code(visitor, banking, mailoutbox, settings):
    settings.PMS_PORTAL_OTP_MAX_ATTEMPTS = 3
    register(visitor)
    right = code_in(mailoutbox[0])
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(2):
        verify(visitor, wrong)
    answer = verify(visitor, wrong)
    assert "Too many wrong codes: this registration is locked." in answer.content.decode()
    assert PendingRegistration.objects.get().status == RegistrationStatus.LOCKED
    answer = verify(visitor, right)
    assert "this registration is locked" in answer.content.decode()
    assert not Partner.objects.exists() and not User.objects.exists()
    assert AuditEvent.objects.filter(event_key="portal.registration.verify.locked").count() == 2
    # Registering again with the same address is paused, so the lock cannot be side-stepped.
    mailoutbox.clear()
    answer = register(visitor)
    assert "Too many wrong codes were entered for this e-mail address." in answer.content.decode()
    assert mailoutbox == [] and PendingRegistration.objects.count() == 1


def test_a_new_code_needs_the_pause_and_replaces_the_old_one(visitor, banking, mailoutbox):
    register(visitor)
    first = code_in(mailoutbox[0])
    answer = visitor.post("/portal/verify/resend/", follow=True)
    assert "less than 60 seconds ago" in answer.content.decode()
    assert len(mailoutbox) == 1
    PendingRegistration.objects.update(otp_sent_at=timezone.now() - dt.timedelta(seconds=61))
    visitor.post("/portal/verify/resend/")
    assert len(mailoutbox) == 2
    second = code_in(mailoutbox[1])
    if first != second:
        verify(visitor, first)
        assert not Partner.objects.exists()
    verify(visitor, second)
    assert Partner.objects.count() == 1


def test_resending_is_limited(visitor, banking, mailoutbox, settings):
    settings.PMS_PORTAL_OTP_MAX_SENDS = 2
    register(visitor)
    for _ in range(2):
        PendingRegistration.objects.update(otp_sent_at=timezone.now() - dt.timedelta(seconds=61))
        answer = visitor.post("/portal/verify/resend/", follow=True)
    assert "No more codes can be sent for this registration." in answer.content.decode()
    assert len(mailoutbox) == 2


def test_an_address_with_a_login_cannot_register_again_and_is_told_so_by_e_mail_only(visitor, banking, mailoutbox):
    make_user("someone").__class__.objects.filter(username="someone").update(email="ops@airtel.example")
    answer = register(visitor, email="OPS@airtel.example")
    assert answer.status_code == 302 and answer["Location"] == "/portal/verify/"  # as for a fresh address
    assert len(mailoutbox) == 1 and "already has a partner portal account" in mailoutbox[0].body
    pending = PendingRegistration.objects.get()
    assert pending.address_taken and pending.otp_digest == ""
    verify(visitor, "123456")
    assert not Partner.objects.exists() and User.objects.count() == 1


def test_the_same_organisation_cannot_register_twice_in_a_policy_group(visitor, banking, mailoutbox):
    make_partner(name="Airtel India", group=banking)
    answer = register(visitor, organization_name="airtel india", email="new@airtel.example")
    assert "An organisation with this name is already registered." in answer.content.decode()
    assert mailoutbox == [] and not PendingRegistration.objects.exists()


def test_a_second_verification_of_a_verified_registration_changes_nothing(visitor, banking, mailoutbox):
    register(visitor)
    code = code_in(mailoutbox[0])
    verify(visitor, code)
    other = visitor.__class__()
    session = other.session
    session["portal_registration"] = PendingRegistration.objects.get().pk
    session.save()
    answer = verify(other, code)
    assert "This registration is not waiting for a code." in answer.content.decode()
    assert Partner.objects.count() == 1 and User.objects.count() == 1


def test_a_weak_password_is_refused_with_the_reason(visitor, banking, mailoutbox):
    answer = register(visitor, password1="password", password2="password")
    text = answer.content.decode()
    assert answer.status_code == 200 and "This password is too common." in text
    assert mailoutbox == [] and not PendingRegistration.objects.exists()


def test_the_service_refuses_a_weak_password_too(banking, mailoutbox):
    from kernel.actors import Actor
    from kernel.errors import PmsError
    from portal.services import submit_registration

    with pytest.raises(PmsError) as refused:
        submit_registration(actor=Actor.anonymous(), organization_name="Airtel", email="a@airtel.example",
                            partner_type="Auth_Partner", policy_group="Banking", contact_no="12345", address="x",
                            password="12345678")
    assert refused.value.code == "PMS_PTL_010"
    assert mailoutbox == [] and not PendingRegistration.objects.exists()


def test_the_policy_group_is_asked_only_of_types_that_need_one_and_only_active_groups_are_offered(visitor, banking):
    PolicyGroupFactory(name="Dormant", is_active=False)
    page = visitor.get("/portal/register/?partner_type=Auth_Partner").content.decode()
    assert 'name="policy_group"' in page and ">Banking<" in page and "Dormant" not in page
    page = visitor.get("/portal/register/?partner_type=Device_Provider").content.decode()
    assert 'name="policy_group"' not in page


def test_a_device_provider_registers_without_a_group(visitor, mailoutbox, db):
    register(visitor, partner_type="Device_Provider", policy_group="", organization_name="Scanners Ltd",
             email="hello@scanners.example")
    verify(visitor, code_in(mailoutbox[0]))
    partner = Partner.objects.get()
    assert partner.partner_type_id == "Device_Provider" and partner.policy_group is None
    assert "DEVICE_PROVIDER" in set(partner.owner.groups.values_list("name", flat=True))


def test_an_inactive_group_is_refused(visitor, mailoutbox, db):
    PolicyGroupFactory(name="Dormant", is_active=False)
    answer = register(visitor, policy_group="Dormant")
    assert answer.status_code == 200 and mailoutbox == [] and not PendingRegistration.objects.exists()


def test_the_code_is_stored_hashed_and_never_logged_or_audited(visitor, banking, mailoutbox, caplog):
    caplog.set_level(logging.DEBUG)
    register(visitor)
    code = code_in(mailoutbox[0])
    pending = PendingRegistration.objects.get()
    assert pending.otp_digest == otp_digest(pending.pk, code) and code not in pending.otp_digest
    assert pending.password_hash != STRONG and STRONG not in pending.password_hash
    verify(visitor, "000000" if code != "000000" else "111111")
    verify(visitor, code)
    assert code not in caplog.text and STRONG not in caplog.text
    for row in AuditEvent.objects.values():
        assert code not in " ".join(str(v) for v in row.values())
    for row in pending.history.values():
        assert code not in " ".join(str(v) for v in row.values())
        assert "otp_digest" not in row and "password_hash" not in row


def test_a_mail_failure_rolls_the_registration_back(visitor, banking, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens there
    answer = register(visitor)
    assert "The e-mail with your code could not be sent." in answer.content.decode()
    assert not PendingRegistration.objects.exists()
    assert "PMS_PTL_011" in AuditEvent.objects.get(event_key="portal.registration.submit.failure").description


def test_verify_without_a_registration_sends_the_visitor_to_register(visitor, db):
    answer = visitor.get("/portal/verify/")
    assert answer.status_code == 302 and answer["Location"] == "/portal/register/"


def test_a_stranger_registering_the_same_address_cancels_nothing_and_learns_nothing(visitor, banking, mailoutbox):
    """Two registrations of one address wait side by side: the second (a stranger's, on
    another browser) is answered exactly as the first was, gets no second e-mail inside the
    pause, and the holder of the mailbox still verifies the first."""
    first = register(visitor)
    stranger = Client()
    second = register(stranger, organization_name="Airtel Fake", password1="An-0ther-Strong-Pass!",
                      password2="An-0ther-Strong-Pass!")
    assert (second.status_code, second["Location"]) == (first.status_code, first["Location"])
    assert len(mailoutbox) == 1  # one code per pause to an address
    statuses = sorted(PendingRegistration.objects.values_list("status", flat=True))
    assert statuses == ["pending", "pending"]
    waiting = AuditEvent.objects.filter(event_key="portal.registration.submit.success").order_by("id").last()
    assert "waits for a resend" in waiting.description
    verify(visitor, code_in(mailoutbox[0]))
    assert Partner.objects.get().name == "Airtel India"
    # the address has its login: the stranger's registration can never verify
    assert sorted(PendingRegistration.objects.values_list("status", flat=True)) == ["superseded", "verified"]


def test_a_registration_inside_the_pause_gets_its_code_by_resend(visitor, banking, mailoutbox):
    register(visitor)
    register(visitor)  # the same visitor again (a second tab): the newest registration is the session's
    assert len(mailoutbox) == 1
    PendingRegistration.objects.update(otp_sent_at=timezone.now() - dt.timedelta(seconds=61))
    visitor.post("/portal/verify/resend/")
    assert len(mailoutbox) == 2
    verify(visitor, code_in(mailoutbox[-1]))
    assert Partner.objects.count() == 1
    assert sorted(PendingRegistration.objects.values_list("status", flat=True)) == ["superseded", "verified"]


def test_forms_need_the_csrf_token(banking):
    from django.test import Client

    from .conftest import registration_form

    client = Client(enforce_csrf_checks=True)
    answer = client.post("/portal/register/", registration_form())
    assert answer.status_code == 403 and not PendingRegistration.objects.exists()


def test_one_client_address_may_send_only_so_many_registrations(visitor, banking, mailoutbox, settings):
    settings.PMS_PORTAL_REGISTRATIONS_PER_HOUR = 2
    for number in range(2):
        register(visitor, email=f"ops{number}@airtel.example", organization_name=f"Airtel {number}")
    answer = register(visitor, email="ops9@airtel.example", organization_name="Airtel 9")
    assert "Too many registrations were sent from your network." in answer.content.decode()
    assert len(mailoutbox) == 2 and PendingRegistration.objects.count() == 2
    assert "PMS_PTL_012" in AuditEvent.objects.get(event_key="portal.registration.submit.failure").description


def test_stale_registrations_are_purged_with_their_password_hashes(visitor, banking, mailoutbox, settings):
    from django.core.management import call_command

    settings.PMS_PORTAL_RETENTION_SECONDS = 3600
    register(visitor, email="old@airtel.example", organization_name="Old")
    register(visitor, email="fresh@airtel.example", organization_name="Fresh")
    register(visitor, email="done@airtel.example", organization_name="Done")
    verify(visitor, code_in(mailoutbox[-1]))
    long_ago = timezone.now() - dt.timedelta(hours=2)
    PendingRegistration.objects.filter(email__in=["old@airtel.example", "done@airtel.example"]).update(
        otp_expires_at=long_ago)
    call_command("purge_pending_registrations", stdout=io.StringIO())
    assert sorted(PendingRegistration.objects.values_list("email", flat=True)) == ["done@airtel.example",
                                                                                   "fresh@airtel.example"]
    row = AuditEvent.objects.get(event_key="portal.registration.purge.success")
    assert row.description == "purged 1 stale registration(s)"
    deleted = PendingRegistration.history.filter(history_type="-").get()
    assert deleted.email == "old@airtel.example"
