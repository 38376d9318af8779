"""Codes entered at the same moment (PostgreSQL row locks): one registration makes one
partner, and concurrent wrong codes are all counted."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from audit.models import AuditEvent
from kernel.actors import Actor
from kernel.errors import PmsError
from partners.models import Partner, PartnerType
from policies.tests.factories import PolicyGroupFactory
from portal import services
from portal.models import PendingRegistration, RegistrationStatus
from tests.support.api import run_together

from .conftest import STRONG, code_in

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registration(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    PartnerType.objects.update_or_create(pk="Auth_Partner", defaults={"requires_policy_group": True,
                                                                      "role": "AUTH_PARTNER"})
    PolicyGroupFactory(name="Banking")
    row = services.submit_registration(actor=Actor.anonymous(), organization_name="Airtel India",
                                       email="ops@airtel.example", partner_type="Auth_Partner", policy_group="Banking",
                                       contact_no="+91 1", address="Bengaluru", password=STRONG)
    return row, code_in(mail.outbox[0])


def test_the_right_code_twice_at_once_makes_one_partner_and_one_login(registration):
    row, code = registration
    outcomes = run_together(
        lambda: services.verify_registration(actor=Actor.anonymous(), registration_id=row.pk, code=code),
        lambda: services.verify_registration(actor=Actor.anonymous(), registration_id=row.pk, code=code),
    )
    errors = [o for o in outcomes if isinstance(o, PmsError)]
    assert len(errors) == 1 and errors[0].code == "PMS_PTL_006"
    assert Partner.objects.count() == 1 and get_user_model().objects.count() == 1
    assert AuditEvent.objects.filter(event_id="PMS_PRT_200").count() == 1


def test_wrong_codes_at_once_are_all_counted(registration, settings):
    settings.PMS_PORTAL_OTP_MAX_ATTEMPTS = 2
    row, code = registration
    wrong = "000000" if code != "000000" else "111111"
    outcomes = run_together(*[
        (lambda: services.verify_registration(actor=Actor.anonymous(), registration_id=row.pk, code=wrong))
        for _ in range(3)])
    assert sorted(o.code for o in outcomes) == ["PMS_PTL_001", "PMS_PTL_003", "PMS_PTL_003"]
    row.refresh_from_db()
    assert row.status == RegistrationStatus.LOCKED and row.failed_attempts == 2
    assert not Partner.objects.exists()
    assert PendingRegistration.objects.count() == 1


def test_two_registrations_of_one_address_verified_at_once_make_one_login(registration):
    """Several registrations of an address may wait; verified at the same moment, they take
    turns: one makes the login and the partner, the other finds itself superseded."""
    first, first_code = registration
    PendingRegistration.objects.filter(pk=first.pk).update(otp_sent_at=first.otp_sent_at.replace(year=2000))
    second = services.submit_registration(actor=Actor.anonymous(), organization_name="Airtel Two",
                                          email="OPS@airtel.example", partner_type="Auth_Partner",
                                          policy_group="Banking", contact_no="+91 1", address="Bengaluru",
                                          password=STRONG)
    second_code = code_in(mail.outbox[-1])
    outcomes = run_together(
        lambda: services.verify_registration(actor=Actor.anonymous(), registration_id=first.pk, code=first_code),
        lambda: services.verify_registration(actor=Actor.anonymous(), registration_id=second.pk, code=second_code),
    )
    errors = [o for o in outcomes if isinstance(o, PmsError)]
    assert [e.code for e in errors] == ["PMS_PTL_006"]
    assert Partner.objects.count() == 1 and get_user_model().objects.count() == 1
    assert sorted(PendingRegistration.objects.values_list("status", flat=True)) == ["superseded", "verified"]
