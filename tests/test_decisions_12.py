"""The places where this service reads MOSIP 1.2's scope its own way, as written in
docs/api-tour-1.2.md ("Decisions on scope"): who reads any partner (R5 RESIDENT; the
platform's services on R41/R42 and the credential services on R37), whom R110 may create,
what R7 answers and to whom, and the null DataShare URL."""

from __future__ import annotations

import pytest

from accounts.services import PORTAL_USER_ROLES
from kernel.roles import Role
from partners.models import PartnerCredentialType
from partners.operations import INTERNAL_SERVICES_12
from partners.tests.factories import make_partner
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory, PolicyGroupFactory
from tests.support.api import PmsApi, assert_error, assert_ok
from tests.support.users import make_user, token_for

pytestmark = pytest.mark.django_db

PM12 = "/v1/partnermanager"


@pytest.fixture
def two_partners(db):
    banking, telecom = PolicyGroupFactory(name="Banking"), PolicyGroupFactory(name="Telecom")
    first = make_partner(make_user("owner-1", ["AUTH_PARTNER"]), name="First", group=banking, partner_id="first-01")
    second = make_partner(make_user("owner-2", ["AUTH_PARTNER"]), name="Second", group=telecom, partner_id="second-01")
    return first, second


def _api(name, *roles):
    return PmsApi(token=token_for(make_user(name, list(roles))))


def test_r5_resident_reads_any_partner_the_other_services_none(two_partners):
    resident = _api("resident-svc", Role.RESIDENT)
    for partner in two_partners:
        assert assert_ok(resident.get(f"{PM12}/partners/{partner.pk}"))["partnerID"] == partner.pk
    for role in sorted(set(INTERNAL_SERVICES_12) - {Role.RESIDENT}):
        assert_error(_api(f"svc-{role.lower()}", role).get(f"{PM12}/partners/first-01"), "KER-ATH-403", status=403)
    # a partner reads its own only: another's answers as an unknown one
    owner = PmsApi(token=token_for(two_partners[0].owner))
    assert owner.get(f"{PM12}/partners/second-01").body["errors"] == owner.get(f"{PM12}/partners/nobody").body["errors"]


@pytest.mark.parametrize("role", INTERNAL_SERVICES_12, ids=str)
def test_r41_r42_the_platforms_services_list_every_partner(two_partners, role):
    service = _api("svc", role)
    for path in ("/partners", "/partners/v2"):
        listed = {p["partnerID"] for p in assert_ok(service.get(f"{PM12}{path}"))["partners"]}
        assert listed == {"first-01", "second-01"}, (role, path)


@pytest.mark.parametrize("role", [Role.CREDENTIAL_ISSUANCE, Role.CREATE_SHARE], ids=str)
def test_r37_the_credential_services_read_every_partners_mapping(two_partners, role):
    first, second = two_partners
    for partner in two_partners:
        policy = PolicyFactory(policy_group=partner.policy_group, name=f"Print {partner.pk}",
                               status=PolicyStatus.PUBLISHED)
        PartnerCredentialType.objects.create(partner=partner, policy=policy, credential_type="euin")
    service = _api("cred-svc", role)
    for partner in (first, second):
        answer = assert_ok(service.get(f"{PM12}/partners/{partner.pk}/credentialtype/euin/policies"))
        assert answer["partnerId"] == partner.pk
    # an auth partner may not call R37 at all (its roles are the credential partners and services)
    owner = PmsApi(token=token_for(first.owner))
    assert_error(owner.get(f"{PM12}/partners/second-01/credentialtype/euin/policies"), "KER-ATH-403", status=403)


@pytest.mark.parametrize("role", sorted(PORTAL_USER_ROLES), ids=str)
def test_r110_a_partner_creates_partner_role_users_only(two_partners, role):
    caller = PmsApi(token=token_for(two_partners[0].owner))
    body = {"userName": f"u-{role.lower()}", "firstName": "A", "lastName": "B", "contactNo": "1",
            "emailID": "u@example.org", "role": str(role), "userPassword": "Correct-Horse-9-x"}
    allowed = caller.post(f"{PM12}/users", body)
    assert_ok(allowed)
    for forbidden in ("PARTNER_ADMIN", "PARTNERMANAGER", "ID_AUTHENTICATION"):
        refused = caller.post(f"{PM12}/users", {**body, "userName": f"x-{role.lower()}", "role": forbidden})
        assert refused.error_codes == ["PMS_COR_002"], (role, forbidden)


def test_r7_answers_any_token_without_a_partner_and_nobody_without_one(two_partners):
    stranger = _api("newcomer")  # no role, no partner: the portal asks right after sign-in
    answer = assert_ok(stranger.put(f"{PM12}/partners/email/verify", {"emailId": two_partners[0].email.upper()}))
    assert answer["emailExists"] is True
    assert assert_ok(stranger.put(f"{PM12}/partners/email/verify", {"emailId": "free@example.org"}))[
        "emailExists"] is False
    assert PmsApi().put(f"{PM12}/partners/email/verify", {"emailId": "free@example.org"}).status == 401
