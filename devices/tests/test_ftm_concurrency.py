"""Two registrations of one chip make and model, and two decisions on one chip, at the same
moment (PostgreSQL): exactly one winner, and the loser answers with the chip's own code."""

import pytest

from devices.models import FtmChipDetail
from devices.services import ftm12
from kernel.actors import Actor
from kernel.errors import PmsError
from kernel.roles import Role
from partners.models import PartnerType
from partners.tests.factories import make_partner
from tests.support.api import run_together
from tests.support.users import make_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider_actor():
    PartnerType.objects.update_or_create(pk="FTM_Provider", defaults={
        "description": "chips", "requires_policy_group": False, "role": "FTM_PROVIDER"})
    user = make_user("chipworks", ["FTM_PROVIDER"])
    make_partner(user, name="ChipWorks", partner_type="FTM_Provider", partner_id="chipworks")
    return Actor(username=user.username, roles=frozenset({Role.FTM_PROVIDER}), user=user)


def test_two_registrations_of_one_make_and_model_make_one_chip(provider_actor):
    def create():
        return ftm12.create_chip_12(actor=provider_actor, provider_id="chipworks", make="Secure", model="SE-1")

    outcomes = run_together(create, create)
    assert FtmChipDetail.objects.count() == 1
    refused = [o for o in outcomes if isinstance(o, PmsError)]
    assert [e.code for e in refused] == ["PMP_AUT_032"]


def test_an_approval_and_a_deactivation_of_one_chip_take_turns(provider_actor):
    chip = ftm12.create_chip_12(actor=provider_actor, provider_id="chipworks", make="Secure", model="SE-1")
    FtmChipDetail.objects.filter(pk=chip.pk).update(approval_status="approved", is_active=True,
                                                    certificate_fingerprint="ab" * 32)
    admin = Actor.system()
    outcomes = run_together(
        lambda: ftm12.deactivate_chip_12(actor=provider_actor, chip_id=chip.pk, status="De-Activate"),
        lambda: ftm12.decide_chip_12(actor=admin, chip_id=chip.pk, approve=True))
    chip.refresh_from_db()
    # Either order ends deactivated: an approval after the deactivation is refused (final),
    # an approval before it changes nothing.
    assert chip.is_deactivated, outcomes
    assert all(not isinstance(o, PmsError) or o.code == "PMS_FTM_ERROR_007" for o in outcomes)
