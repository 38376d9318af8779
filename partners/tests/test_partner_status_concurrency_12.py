"""MOSIP 1.2's R40 at the same moment as another status change (PostgreSQL row locks): one
change, one PARTNER_UPDATED event, and the loser told the partner is already deactivated."""

import pytest

from events.models import OutboxEvent
from kernel.actors import Actor
from kernel.errors import PmsError
from kernel.roles import Role
from partners import services
from partners.models import Partner
from partners.services.activation import set_partner_status_12
from policies.tests.factories import PolicyGroupFactory
from tests.support.api import run_together
from tests.support.users import make_user

from .factories import make_partner

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _admin(name):
    return Actor(username=name, roles=frozenset({Role.PARTNER_ADMIN}), user=make_user(name, ["PARTNER_ADMIN"]))


@pytest.fixture(autouse=True)
def hub(settings):
    settings.PMS_WEBSUB_HUB_URL = "http://hub.invalid/hub/"


def test_two_concurrent_deactivations_change_the_partner_once():
    partner = make_partner(group=PolicyGroupFactory(name="Banking"), partner_id="airtel-01")
    first, second = _admin("a1"), _admin("a2")
    outcomes = run_together(
        lambda: set_partner_status_12(actor=first, partner_id=partner.id, status="De-Active"),
        lambda: set_partner_status_12(actor=second, partner_id=partner.id, status="De-Active"),
    )
    errors = [o for o in outcomes if isinstance(o, PmsError)]
    assert [e.code for e in errors] == ["PMS_PM_063"]
    assert Partner.objects.get(pk=partner.id).deactivated_through == "1.2"
    assert OutboxEvent.objects.filter(topic="PARTNER_UPDATED").count() == 1


def test_a_1_2_deactivation_racing_a_1_0_one_leaves_one_deactivation():
    partner = make_partner(group=PolicyGroupFactory(name="Banking"), partner_id="airtel-01")
    outcomes = run_together(
        lambda: set_partner_status_12(actor=_admin("a1"), partner_id=partner.id, status="De-Active"),
        lambda: services.set_partner_active(actor=_admin("a2"), partner_id=partner.id, active=False),
    )
    final = Partner.objects.get(pk=partner.id)
    assert final.is_active is False
    twelve_won = not isinstance(outcomes[0], PmsError)
    assert final.deactivated_through == ("1.2" if twelve_won else "1.0")
    # the one that deactivated publishes (the 1.0 status route does too); the loser changes nothing
    assert OutboxEvent.objects.filter(topic="PARTNER_UPDATED").count() == 1
    assert final.history.filter(history_type="~").count() == 1


def test_two_concurrent_1_2_registrations_with_one_email_make_one_partner(monkeypatch):
    import time

    from partners.services import registration12
    from partners.services.registration12 import register_partner_12

    checked = registration12.checked_additional_info

    def slowly(value):  # widens the window between the e-mail check and the insert
        time.sleep(0.5)
        return checked(value)

    monkeypatch.setattr(registration12, "checked_additional_info", slowly)

    from partners.models import PartnerType

    PolicyGroupFactory(name="Banking")
    PartnerType.objects.get_or_create(pk="Auth_Partner")  # a transactional test flushed the seeded types
    users = [make_user(f"reg-{i}", ["AUTH_PARTNER"]) for i in range(2)]
    actors = [Actor(username=u.username, roles=frozenset({Role.AUTH_PARTNER}), user=u) for u in users]

    def register(index):
        return lambda: register_partner_12(
            actor=actors[index], partner_id=f"p-{index}", name=f"Org {index}", partner_type="Auth_Partner",
            policy_group_name="Banking", contact_no="12345", email="same@org.example", address="Here")

    outcomes = run_together(register(0), register(1))
    assert [o.code for o in outcomes if isinstance(o, PmsError)] == ["PMS_PRT_011"]
    assert Partner.objects.filter(email="same@org.example").count() == 1
