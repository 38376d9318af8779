"""MOSIP 1.2 certificate upload and consent at the same moment (PostgreSQL row locks and
unique constraints): one consent row per user, one approval per partner."""

import pytest

from accounts.models import UserConsent
from kernel.actors import Actor
from kernel.errors import PmsError
from kernel.roles import Role
from partners.models import ApprovalStatus, PartnerCertificate
from partners.services import certificates, certificates12, consent
from tests.support.api import run_together
from tests.support.users import make_user

from . import pki
from .factories import make_partner

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _partner_actor(user):
    return Actor(username=user.username, roles=frozenset({Role.AUTH_PARTNER}), user=user)


def test_two_first_consents_at_once_leave_one_row():
    user = make_user("airtel", ["AUTH_PARTNER"])
    make_partner(user, partner_id="airtel-01")
    actor = _partner_actor(user)
    outcomes = run_together(lambda: consent.give_consent(actor=actor), lambda: consent.give_consent(actor=actor))
    errors = [o for o in outcomes if isinstance(o, PmsError)]
    assert all(e.code == "PMS_CONSENT_ERROR_002" for e in errors) and len(errors) <= 1
    assert UserConsent.objects.filter(user=user, consent_given=True).count() == 1


def test_two_uploads_at_once_approve_the_partner_once(settings):
    settings.PMS_WEBSUB_HUB_URL = "http://hub.invalid/websub"
    admin = Actor(username="admin", roles=frozenset({Role.PARTNER_ADMIN}), user=make_user("admin", ["PARTNER_ADMIN"]))
    certificates.upload_ca_certificate(actor=admin, certificate_data=pki.pem(pki.root_ca()), domain="AUTH")
    certificates.upload_ca_certificate(actor=admin, certificate_data=pki.pem(pki.intermediate_ca()), domain="AUTH")
    user = make_user("airtel", ["AUTH_PARTNER"])
    partner = make_partner(user, partner_id="airtel-01", approval_status="InProgress", is_active=False)
    actor = _partner_actor(user)

    def upload():
        return certificates12.upload_partner_certificate_12(actor=actor, partner_id="airtel-01",
                                                            certificate_data=pki.pem(pki.partner_certificate()),
                                                            domain="AUTH")

    outcomes = run_together(upload, upload)
    assert not [o for o in outcomes if isinstance(o, PmsError)]
    partner.refresh_from_db()
    assert (partner.approval_status, partner.is_active) == (ApprovalStatus.APPROVED, True)
    assert PartnerCertificate.objects.filter(partner=partner).count() == 2
    assert partner.history.filter(approval_status=ApprovalStatus.APPROVED, history_type="~").count() == 1
