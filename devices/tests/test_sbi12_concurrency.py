"""The same 1.2 decision twice at the same instant (PostgreSQL row locks): one wins, the
other sees its outcome; the back office's service calls run the API's rules."""

import datetime as dt

import pytest
from django.utils import timezone

from devices.models import DeviceDetail, DeviceDetailSbi, DeviceSubType, SecureBiometricInterface
from devices.services import device_details12, sbi12
from kernel.actors import Actor
from kernel.errors import PmsError
from kernel.roles import Role
from partners.tests.factories import make_partner
from tests.support.api import run_together
from tests.support.users import make_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _admin(name):
    return Actor(username=name, roles=frozenset({Role.PARTNER_ADMIN}), user=make_user(name, ["PARTNER_ADMIN"]))


@pytest.fixture
def world():
    owner = make_user("acme", ["DEVICE_PROVIDER"])
    partner = make_partner(owner, name="Acme Sensors", partner_type="Device_Provider", partner_id="acme")
    actor = Actor(username="acme", roles=frozenset({Role.DEVICE_PROVIDER}), user=owner)
    now = timezone.now()
    sbi = sbi12.create_sbi(actor=actor, provider_id=partner.id, sw_binary_hash="h", sw_version="1.0",
                           sw_created_at=now - dt.timedelta(days=1), sw_expires_at=now + dt.timedelta(days=300))
    return actor, sbi


def _sub_type():
    # a transactional test flushes the seeded master data: make what the device needs
    from devices.models import DeviceType

    kind, _ = DeviceType.objects.get_or_create(code="Finger", defaults={"name": "Finger"})
    DeviceSubType.objects.get_or_create(device_type=kind, code="Slap", defaults={"name": "Slap"})


def test_two_concurrent_sbi_approvals_approve_it_once(world):
    _, sbi = world
    outcomes = run_together(lambda: sbi12.approve_sbi(actor=_admin("a1"), sbi_id=sbi.id),
                            lambda: sbi12.reject_sbi(actor=_admin("a2"), sbi_id=sbi.id))
    errors = [o for o in outcomes if isinstance(o, PmsError)]
    assert len(errors) == 1 and errors[0].code in ("PMS_AUT_517", "PMS_AUT_518")
    assert SecureBiometricInterface.objects.get(pk=sbi.id).history.filter(history_type="~").count() == 1


def test_two_concurrent_device_approvals_decide_it_once(world):
    actor, sbi = world
    _sub_type()
    sbi12.approve_sbi(actor=_admin("a0"), sbi_id=sbi.id)
    device = sbi12.add_device_to_sbi(actor=actor, sbi_id=sbi.id, device_id=None, provider_id="acme",
                                     device_type="Finger", device_sub_type="Slap", make="Acme", model="FS-10")
    outcomes = run_together(lambda: device_details12.approve_device(actor=_admin("a1"), device_id=device.id),
                            lambda: device_details12.approve_device(actor=_admin("a2"), device_id=device.id))
    errors = [o for o in outcomes if isinstance(o, PmsError)]
    assert [e.code for e in errors] == ["PMS_DEVICE_ERROR_010"]
    assert DeviceDetail.objects.get(pk=device.id).status == "approved"
    assert DeviceDetailSbi.objects.get(device=device).is_active is True


def test_two_concurrent_submissions_of_one_model_make_one_device(world):
    actor, sbi = world
    _sub_type()
    sbi12.approve_sbi(actor=_admin("a0"), sbi_id=sbi.id)

    def submit():
        return device_details12.create_device(actor=actor, device_id=None, provider_id="acme", device_type="Finger",
                                              device_sub_type="Slap", make="Acme", model="FS-10")

    outcomes = run_together(submit, submit)
    assert [o.code for o in outcomes if isinstance(o, PmsError)] == ["PMS_AUT_003"]
    assert DeviceDetail.objects.count() == 1
