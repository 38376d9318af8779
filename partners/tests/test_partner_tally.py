"""The partner tally (docs/architecture.md, "Partner totals"): every write to the partner table moves it in
the same transaction, whoever writes, and the manager's list answers the same
``totalItems`` as counting the partners would, for every filter and scope."""

import pytest
from django.db.models import Count, Value
from django.db.models.functions import Coalesce

from kernel.actors import Actor
from kernel.pagination import PageRequest
from kernel.roles import roles_of_user
from partners.models import Partner, PartnerTally, PartnerType
from partners.selectors import partner_total, partners_managed_by
from partners.services.registration import list_partners_for_manager, set_partner_active
from policies.tests.factories import PolicyGroupFactory
from tests.support.api import PmsApi, assert_ok
from tests.support.users import make_user, token_for

from .conftest import MANAGER
from .factories import make_partner, make_partner_manager

pytestmark = pytest.mark.django_db


def counted() -> dict:
    rows = (Partner.objects.values("partner_type_id", "is_active")
            .annotate(group=Coalesce("policy_group_id", Value("")), n=Count("id")))
    return {(r["group"], r["partner_type_id"], r["is_active"]): r["n"] for r in rows}


def tallied() -> dict:
    return {(t.policy_group_key, t.partner_type_key, t.is_active): t.partners
            for t in PartnerTally.objects.all() if t.partners}


def assert_tally_matches():
    assert tallied() == counted()


def actor_of(user) -> Actor:
    return Actor(username=user.username, roles=roles_of_user(user), user=user)


@pytest.fixture
def world(db):
    banking, telecom = PolicyGroupFactory(name="Banking"), PolicyGroupFactory(name="Telecom")
    PartnerType.objects.get_or_create(pk="Device_Provider", defaults={"requires_policy_group": False})
    partners = [
        make_partner(name="Bank A", group=banking),
        make_partner(name="Bank B", group=banking, partner_type="Credential_Partner"),
        make_partner(name="Bank C", group=banking, is_active=False),
        make_partner(name="Tel A", group=telecom),
        make_partner(name="Maker", group=None, partner_type="Device_Provider"),
    ]
    return banking, telecom, partners


def test_creation_counts_each_partner_in_its_group_type_and_state(world):
    assert_tally_matches()
    banking = world[0]
    assert PartnerTally.objects.get(policy_group_key=banking.pk, partner_type_key="Auth_Partner", is_active=True).partners == 1
    assert PartnerTally.objects.get(policy_group_key="", partner_type_key="Device_Provider", is_active=True).partners == 1


def test_deactivation_through_the_service_moves_the_partner_between_states(world):
    banking, _telecom, partners = world
    manager = make_partner_manager("pm-bank", [banking])
    set_partner_active(actor=actor_of(manager), partner_id=partners[0].pk, active=False)
    assert_tally_matches()
    set_partner_active(actor=actor_of(manager), partner_id=partners[0].pk, active=True)
    assert_tally_matches()


def test_any_write_path_keeps_it_a_group_change_an_unrelated_edit_a_bulk_load_a_deletion(world):
    banking, telecom, partners = world
    moved = partners[1]
    moved.policy_group = telecom
    moved.save()  # as the admin's form would
    assert_tally_matches()
    Partner.objects.filter(pk=partners[3].pk).update(email="new@tel.example")  # nothing the tally keys on
    assert_tally_matches()
    owner = make_user("bulk-owner", ["AUTH_PARTNER"])
    kind = PartnerType.objects.get(pk="Auth_Partner")
    Partner.objects.bulk_create([Partner(name=f"Bulk {n}", partner_type=kind, policy_group=banking, contact_no="1",
                                         email="b@x.example", address="a", owner=owner, is_active=n % 2 == 0)
                                 for n in range(7)])
    assert_tally_matches()
    Partner.objects.filter(name__startswith="Bulk").update(is_active=True)
    assert_tally_matches()
    Partner.objects.filter(name__startswith="Bulk").delete()
    assert_tally_matches()


FILTERS = [
    {}, {"partnerType": "auth_partner"}, {"partnerType": "Credential_Partner"}, {"partnerType": "Nope"},
    {"isActive": "true"}, {"isActive": "false"}, {"policyGroupName": "banking"}, {"policyGroupName": "Telecom"},
    {"policyGroupName": "Nope"}, {"partnerType": "Auth_Partner", "isActive": "true", "policyGroupName": "BANKING"},
    {"name": "bank"}, {"name": "bank", "isActive": "false"},
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: "&".join(f"{k}={v}" for k, v in f.items()) or "none")
def test_the_lists_total_is_the_count_of_what_it_lists(world, filters):
    from kernel.filtering import apply_filters
    from partners.filters import PartnerFilter

    banking = world[0]
    admin = make_user("partner-admin", ["PARTNER_ADMIN"])
    for user in (make_partner_manager("pm-bank", [banking]), admin, make_user("pm-none", ["PARTNERMANAGER"])):
        actor = actor_of(user)
        expected = apply_filters(PartnerFilter, filters, partners_managed_by(actor)).count()
        page = list_partners_for_manager(actor=actor, filters=filters, page=PageRequest(1, 2))
        assert page.metadata["totalItems"] == expected, (user.username, filters)
        # the total came from the tally, not from a count, unless a filter has no tally
        assert partner_total(actor, filters) == (None if filters.get("name") else expected), (user.username, filters)


def test_the_api_answers_the_tallied_total_and_pages_by_it(world):
    banking = world[0]
    api = PmsApi(token=token_for(make_partner_manager("pm-bank", [banking])))
    answer = api.get(f"{MANAGER}?pageSize=1&page=2&partnerType=Auth_Partner")
    assert_ok(answer)
    assert answer.body["metadata"] == {"page": 2, "pageSize": 1, "totalItems": 2, "totalPages": 2}
    assert [p["organizationName"] for p in answer.response["partners"]] == ["Bank C"]
