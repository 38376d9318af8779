"""MOSIP 1.2's credential-type mapping (1.2 catalog §7.9, R36, R37): the mapping and its
read, every rule's code in MOSIP's order, the upsert per partner and type, scope (another
owner's partner answers like an unknown one), audit and history, the settings, and a
partner made and deactivated through the 1.0 routes."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from partners.models import Partner, PartnerCredentialType
from policies.models import PolicyStatus, PolicyType
from policies.tests.factories import PolicyFactory, data_share_document
from tests.support.api import PmsApi, assert_error, assert_ok
from tests.support.audit import assert_refused, snapshot
from tests.support.users import make_user, token_for

from .conftest import MANAGER
from .factories import make_partner

pytestmark = pytest.mark.django_db

PM12 = "/v1/partnermanager"
MAPPED = "Partner, policy and credentialType mapping done successfully."


def map_url(partner_id="print-01", kind="euin", policy="Print Policy"):
    return f"{PM12}/partners/{partner_id}/credentialtype/{kind}/policies/{policy}"


def read_url(partner_id="print-01", kind="euin"):
    return f"{PM12}/partners/{partner_id}/credentialtype/{kind}/policies"


@pytest.fixture
def print_policy(banking):
    return PolicyFactory(policy_group=banking, name="Print Policy", policy_type=PolicyType.DATA_SHARE,
                         document=data_share_document(), status=PolicyStatus.PUBLISHED)


@pytest.fixture
def cred_user(db):
    return make_user("printer", ["CREDENTIAL_PARTNER"])


@pytest.fixture
def cred_api(cred_user):
    return PmsApi(token=token_for(cred_user))


@pytest.fixture
def printer(cred_user, banking, print_policy):
    return make_partner(cred_user, name="Print Co", group=banking, partner_type="Credential_Partner",
                        partner_id="print-01")


def test_r36_maps_and_r37_reads_the_policy(cred_api, printer, print_policy):
    answer = cred_api.post(map_url())
    assert assert_ok(answer) == MAPPED
    assert (answer.body["id"], answer.body["version"]) == (None, None)
    row = PartnerCredentialType.objects.get()
    assert (row.partner_id, row.policy_id, row.credential_type, row.is_active) == ("print-01", print_policy.id, "euin", True)
    assert row.history.get().history_user.username == "printer"
    events = AuditEvent.objects.filter(request_id=answer.headers["X-Request-ID"]).order_by("pk")
    assert list(events.values_list("event_key", flat=True)) == ["partner.credentialtype.map.request",
                                                                "partner.credentialtype.map.success"]
    read = assert_ok(cred_api.get(read_url(kind="EUIN")))
    assert {key: read[key] for key in ("partnerId", "credentialType", "policyId", "policyName", "policyType",
                                       "status", "is_Active", "validTill")} == {
        "partnerId": "print-01", "credentialType": "euin", "policyId": print_policy.id, "policyName": "Print Policy",
        "policyType": "DataShare", "status": "PUBLISHED", "is_Active": True, "validTill": None}
    assert read["policies"] == print_policy.document and read["policyDesc"] == "a policy"
    assert set(read) == {"partnerId", "credentialType", "policyId", "policyName", "policyDesc", "policyType",
                         "publishDate", "validTill", "status", "version", "schema", "is_Active", "cr_by", "cr_dtimes",
                         "up_by", "upd_dtimes", "policies"}


def test_r36_again_moves_the_type_to_the_named_policy(cred_api, printer, print_policy, banking):
    other = PolicyFactory(policy_group=banking, name="Reprint Policy", status=PolicyStatus.PUBLISHED)
    assert_ok(cred_api.post(map_url()))
    assert assert_ok(cred_api.post(map_url(policy="reprint policy"))) == MAPPED
    assert assert_ok(cred_api.post(map_url(kind="Qrcode", policy="Print Policy"))) == MAPPED
    rows = {row.credential_type: row.policy_id for row in PartnerCredentialType.objects.all()}
    assert rows == {"euin": other.id, "qrcode": print_policy.id}
    euin = PartnerCredentialType.objects.get(credential_type="euin")
    assert [h.policy_id for h in euin.history.order_by("history_date")] == [print_policy.id, other.id]
    assert_ok(cred_api.post(map_url(policy="Reprint Policy")))  # the same again: no change, no history row
    assert euin.history.count() == 2
    assert assert_ok(cred_api.get(read_url()))["policyName"] == "Reprint Policy"


@pytest.mark.parametrize(("url", "code"), [
    (map_url(kind="passport"), "PMS_PRT_072"),
    (map_url(partner_id="nobody"), "PMS_PRT_005"),
    (map_url(policy="No Such Policy"), "PMS_PRT_073"),
])
def test_r36_refusals(cred_api, printer, url, code):
    before = snapshot(PartnerCredentialType)
    assert_refused(cred_api.post(url), code, unchanged=before, event="partner.credentialtype.map.failure")


def test_r36_messages_carry_the_configured_lists(cred_api, printer, settings):
    answer = cred_api.post(map_url(kind="passport"))
    assert answer.body["errors"][0]["message"] == ("Given credential type is not allowed. Allowed credential types : "
                                                   "auth,qrcode,euin,reprint,vercred,opencrvs")
    settings.PMS_ALLOWED_CREDENTIAL_TYPES = ["passport"]
    settings.PMS_CREDENTIAL_MAPPING_PARTNER_TYPES = ["Online_Verification_Partner"]
    refused = cred_api.post(map_url(kind="passport"))
    assert_error(refused, "PMS_PRT_070")
    assert refused.body["errors"][0]["message"] == "Credential mapping allowed only for :Online_Verification_Partner"


def test_r36_checks_the_partner_then_the_policy_as_r20_does(cred_user, cred_api, printer, banking, telecom):
    make_partner(cred_user, name="Device Co", group=banking, partner_type="Device_Provider", partner_id="dev-01")
    assert_error(cred_api.post(map_url(partner_id="dev-01")), "PMS_PRT_070")
    PolicyFactory(policy_group=telecom, name="Telecom Policy", status=PolicyStatus.PUBLISHED)
    assert_error(cred_api.post(map_url(policy="Telecom Policy")), "PMS_PRT_098")
    PolicyFactory(policy_group=banking, name="Draft Policy")
    assert_error(cred_api.post(map_url(policy="Draft Policy")), "PMS_PRT_073")
    banking.is_active = False
    banking.save()
    assert_error(cred_api.post(map_url()), "PMS_PMP_023")
    Partner.objects.filter(pk="print-01").update(is_active=False)
    assert_error(cred_api.post(map_url()), "PMS_PMP_016")
    assert not PartnerCredentialType.objects.exists()


def test_another_owners_partner_answers_like_an_unknown_one(cred_api, printer, banking):
    stranger = PmsApi(token=token_for(make_user("stranger", ["CREDENTIAL_PARTNER"])))
    assert stranger.post(map_url()).body["errors"] == stranger.post(map_url(partner_id="nobody")).body["errors"]
    assert_ok(cred_api.post(map_url()))
    assert stranger.get(read_url()).body["errors"] == stranger.get(read_url(partner_id="nobody")).body["errors"]
    assert_error(stranger.get(read_url()), "PMS_PRT_064")
    assert_error(cred_api.get(read_url(kind="qrcode")), "PMS_PRT_064")


def test_credential_services_read_every_partners_mapping_but_map_none(cred_api, printer):
    assert_ok(cred_api.post(map_url()))
    issuer = PmsApi(token=token_for(make_user("credential-service", ["CREDENTIAL_ISSUANCE"])))
    assert assert_ok(issuer.get(read_url()))["partnerId"] == "print-01"
    assert_error(issuer.post(map_url(kind="qrcode")), "PMS_PRT_005")
    ida = PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"])))
    assert_error(ida.get(read_url()), "KER-ATH-403", status=403)


def test_partner_admin_maps_any_partner(printer, print_policy):
    admin = PmsApi(token=token_for(make_user("root-admin", ["PARTNER_ADMIN"])))
    assert assert_ok(admin.post(map_url(kind="vercred"))) == MAPPED
    assert assert_ok(admin.get(read_url(kind="vercred")))["policyId"] == print_policy.id


def test_a_partner_of_the_1_0_routes_is_mapped_and_its_1_0_deactivation_stops_r36(cred_api, printer, bank_manager_api,
                                                                                  print_policy):
    """One partner record for both generations: a 1.0 deactivation (PM2) is what R36 reads."""
    assert_ok(cred_api.post(map_url()))
    assert_ok(bank_manager_api.patch(f"{MANAGER}/print-01", {"status": "De-Active"}))
    assert_error(cred_api.post(map_url(kind="qrcode")), "PMS_PMP_016")
    assert assert_ok(cred_api.get(read_url()))["policyName"] == "Print Policy"  # the mapping stays readable
    assert_ok(bank_manager_api.patch(f"{MANAGER}/print-01", {"status": "Active"}))
    assert assert_ok(cred_api.post(map_url(kind="qrcode"))) == MAPPED
