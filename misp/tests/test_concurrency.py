"""MISP admins acting on one MISP at the same moment (PostgreSQL row locks): exactly one
winner, one key, and history and audit that tell the same story."""

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from kernel.actors import Actor
from kernel.errors import PmsError
from kernel.roles import Role
from misp import services
from misp.models import ApprovalStatus, LicenseKey, Misp
from tests.support.api import run_together
from tests.support.users import make_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _actor(name):
    return Actor(username=name, roles=frozenset({Role.MISP_ADMIN}), user=make_user(name, ["MISP_ADMIN"]))


def _misp(actor, name="Telecom MISP"):
    return services.create_misp(actor=actor, name=name, contact_no="1", email="ops@misp.example", address="x")


def test_two_concurrent_approvals_issue_exactly_one_key():
    first, second = _actor("a1"), _actor("a2")
    misp = _misp(first)
    outcomes = run_together(
        lambda: services.decide_misp(actor=first, misp_id=misp.pk, approve=True),
        lambda: services.decide_misp(actor=second, misp_id=misp.pk, approve=True),
    )
    errors = [o for o in outcomes if isinstance(o, PmsError)]
    assert [e.code for e in errors] == ["PMS_MSP_014"]
    assert LicenseKey.objects.filter(misp=misp).count() == 1
    assert Misp.objects.get(pk=misp.pk).approval_status == ApprovalStatus.APPROVED
    assert Misp.history.filter(id=misp.pk, approval_status=ApprovalStatus.APPROVED).count() == 1
    assert AuditEvent.objects.filter(event_id="PMS_MSP_201", ref_id=misp.pk).count() == 1
    assert AuditEvent.objects.filter(event_id="PMS_MSP_202", ref_id=misp.pk).count() == 1
    assert AuditEvent.objects.filter(event_id="PMS_MSP_404", ref_id=misp.pk).count() == 1


def test_an_approval_racing_a_deactivation_leaves_no_active_key_on_an_inactive_misp():
    first, second = _actor("a1"), _actor("a2")
    misp = _misp(first)
    outcomes = run_together(
        lambda: services.decide_misp(actor=first, misp_id=misp.pk, approve=True),
        lambda: services.set_misp_active(actor=second, misp_id=misp.pk, active=False),
    )
    misp.refresh_from_db()
    assert not misp.is_active
    assert not LicenseKey.objects.filter(misp=misp, is_active=True).exists()
    if isinstance(outcomes[0], PmsError):  # the deactivation won: approval refused, no key at all
        assert outcomes[0].code == "PMS_MSP_1013" and not LicenseKey.objects.exists()
    else:
        assert misp.approval_status == ApprovalStatus.APPROVED and LicenseKey.objects.count() == 1


def test_two_registrations_of_one_name_make_one_misp():
    first, second = _actor("a1"), _actor("a2")
    outcomes = run_together(lambda: _misp(first, "Airtel MISP"), lambda: _misp(second, "AIRTEL misp"))
    assert [o.code for o in outcomes if isinstance(o, PmsError)] == ["PMS_MSP_003"]
    assert Misp.objects.count() == 1
    assert AuditEvent.objects.filter(event_id="PMS_MSP_200").count() == 1
    assert AuditEvent.objects.filter(event_id="PMS_MSP_417").count() == 1


def test_two_downloads_of_an_expired_key_renew_it_once():
    first, second = _actor("a1"), _actor("a2")
    misp = _misp(first)
    services.decide_misp(actor=first, misp_id=misp.pk, approve=True)
    LicenseKey.objects.update(valid_to=timezone.now() - dt.timedelta(days=1))
    outcomes = run_together(
        lambda: services.download_license_key(actor=first, misp_id=misp.pk),
        lambda: services.download_license_key(actor=second, misp_id=misp.pk),
    )
    assert not [o for o in outcomes if isinstance(o, PmsError)]
    assert outcomes[0][1] == outcomes[1][1]  # the second one downloads the key the first one made
    assert LicenseKey.objects.count() == 2 and LicenseKey.objects.filter(is_active=True).count() == 1
