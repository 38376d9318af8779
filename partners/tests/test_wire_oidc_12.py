"""Wire conformance of MOSIP 1.2's OAuth/OIDC client routes (R103-R109): for each route
one success and its main refusals, envelope key by key and texts verbatim, and the bodies
MOSIP's onboarding scripts send (R107 with ``requestTime`` only)."""

from __future__ import annotations

import json

import pytest

from partners.tests import test_oidc_clients_12 as base
from partners.tests.test_oidc_clients_12 import create_body, rsa_jwk, update_body
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory
from tests.support.wire12 import invalid, ok_v1, ok_v2, refused_v1

pytestmark = pytest.mark.django_db
hub, oidc_policy, partner, admin_api = base.hub, base.oidc_policy, base.partner, base.admin_api  # the same fixtures

OAUTH = "/v1/partnermanager/oauth/client"
OIDC = "/v1/partnermanager/oidc/client"
CLIENT_KEYS = ["id", "name", "policyId", "policyName", "relyingPartyId", "logoUri", "redirectUris", "publicKey",
               "claims", "acrValues", "status", "grantTypes", "clientAuthMethods"]
SUMMARY_KEYS = ["partnerId", "orgName", "policyGroupId", "policyGroupName", "policyGroupDescription", "policyName",
                "policyDescription", "clientId", "clientName", "status", "updatedDateTime", "createdDateTime"]


@pytest.fixture(autouse=True)
def no_esignet(settings):
    settings.PMS_ESIGNET_BASE_URL = ""


def test_r103_r105_create_and_read_an_oauth_client(partner, partner_api, oidc_policy):
    created = ok_v1(partner_api.post(OAUTH, create_body(oidc_policy)))
    assert list(created) == ["clientId", "status"] and created["status"] == "ACTIVE"
    client = ok_v1(partner_api.get(f"{OAUTH}/{created['clientId']}"))
    assert list(client) == CLIENT_KEYS
    assert json.loads(client["name"]) == {"eng": "Airtel e-KYC", "fra": "Airtel e-KYC (fr)", "@none": "Airtel e-KYC"}
    assert isinstance(client["publicKey"], str) and json.loads(client["publicKey"])["kty"] == "RSA"
    assert (client["id"], client["policyId"], client["policyName"], client["relyingPartyId"], client["status"]) == (
        created["clientId"], oidc_policy.id, "OIDC Policy", "airtel-01", "ACTIVE")
    assert client["redirectUris"] == ["https://airtel.example/callback"]
    refused_v1(partner_api.get(f"{OAUTH}/no-such-client"), "PMS_ESI_004", "Client not exists with given id.")


def test_r107_as_the_onboarding_scripts_call_it(partner, partner_api, oidc_policy):
    request = {k: v for k, v in create_body(oidc_policy, jwk=rsa_jwk()).items() if k != "clientNameLangMap"}
    answer = partner_api.call("post", OIDC, body={"requestTime": "2026-01-01T00:00:00.000Z", "request": request})
    created = ok_v1(answer)
    client = ok_v1(partner_api.get(f"{OIDC}/{created['clientId']}"))
    assert list(client) == CLIENT_KEYS and client["name"] == "Airtel e-KYC"


def test_create_refusals_verbatim(partner, partner_api, oidc_policy, banking):
    jwk = rsa_jwk()
    ok_v1(partner_api.post(OAUTH, create_body(oidc_policy, jwk)))
    refused_v1(partner_api.post(OAUTH, create_body(oidc_policy, jwk)), "PMS_ESI_001",
               "Client public key already exists.")
    refused_v1(partner_api.post(OAUTH, create_body(oidc_policy, {"kty": "RSA", "n": "x", "e": "y"})), "PMS_ESI_007",
               "Failed to process the Public Key")
    refused_v1(partner_api.post(OAUTH, create_body(oidc_policy, authPartnerId="nobody")), "PMS_POLICY_ERROR_009",
               "The given partner ID does not belong to the user.So unable to create OIDC client")
    refused_v1(partner_api.post(OAUTH, create_body(oidc_policy, policyId="no-such-policy")), "PMS_PRT_073",
               "Policy not exists.")
    share = PolicyFactory(policy_group=banking, name="Share", policy_type="DataShare", status=PolicyStatus.PUBLISHED)
    refused_v1(partner_api.post(OAUTH, create_body(share)), "PMS_PRT_057",
               "Policy Type Mismatch. Only Auth policy can be used to create OIDC Client.")
    unmapped = PolicyFactory(policy_group=banking, name="Other", status=PolicyStatus.PUBLISHED,
                             document=base.OIDC_DOCUMENT)
    refused_v1(partner_api.post(OAUTH, create_body(unmapped)), "PMS_PRT_061", "Partner policy mapping not exists.")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("name", "", "must not be blank :request.name"),
    ("name", "n" * 257, "size must be between 1 and 256 :request.name"),
    ("policyId", None, "must not be blank :request.policyId"),
    ("redirectUris", [], "size must be between 1 and 5 :request.redirectUris"),
    ("grantTypes", None, "must not be null :request.grantTypes"),
    ("grantTypes", ["a", "b", "c", "d"], "size must be between 1 and 3 :request.grantTypes"),
    ("logoUri", "not a url", "must be a valid URL :request.logoUri"),
    ("publicKey", {}, "must not be empty :request.publicKey"),
    ("clientNameLangMap", {}, "must not be empty :request.clientNameLangMap"),
])
def test_create_bean_texts(partner, partner_api, oidc_policy, field, value, message):
    invalid(partner_api.post(OAUTH, create_body(oidc_policy, **{field: value})), message)


def test_r104_status_change_and_the_final_deactivation(partner, partner_api, oidc_policy):
    client_id = ok_v1(partner_api.post(OAUTH, create_body(oidc_policy)))["clientId"]
    ok_v1(partner_api.put(f"{OAUTH}/{client_id}", update_body()), {"clientId": client_id, "status": "ACTIVE"})
    ok_v1(partner_api.put(f"{OAUTH}/{client_id}", update_body(status="inactive")),
          {"clientId": client_id, "status": "INACTIVE"})
    refused_v1(partner_api.put(f"{OAUTH}/{client_id}", update_body()), "PMS_ESI_008", "Client already deactivated.")
    refused_v1(partner_api.put(f"{OAUTH}/no-such-client", update_body()), "PMS_ESI_004",
               "Client not exists with given id.")


def test_r106_lists_unpaged_without_parameters(partner, partner_api, oidc_policy):
    client_id = ok_v1(partner_api.post(OAUTH, create_body(oidc_policy)))["clientId"]
    ok_v1(partner_api.post(OAUTH, create_body(oidc_policy)))
    page = ok_v2(partner_api.get(OAUTH), "mosip.pms.oauth.partners.clients.get")
    assert (page["pageNo"], page["pageSize"], page["totalResults"], len(page["data"])) == (0, 2, 2, 2)
    row = next(r for r in page["data"] if r["clientId"] == client_id)
    assert list(row) == SUMMARY_KEYS
    assert row["createdDateTime"].endswith("+00:00") and len(row["createdDateTime"]) == 29  # a java.util.Date
    assert json.loads(row["clientName"])["@none"] == "Airtel e-KYC"
    assert ok_v2(partner_api.get(OAUTH, params={"status": "ACTIVE"}),
                 "mosip.pms.oauth.partners.clients.get")["totalResults"] == 2
    assert ok_v2(partner_api.get(OAUTH, params={"status": "active"}),
                 "mosip.pms.oauth.partners.clients.get")["totalResults"] == 0  # exact, as MOSIP
    for alias in ("partnerId", "orgName", "policyGroupName", "policyName", "clientId", "clientName", "status",
                  "createdDateTime"):
        ok_v2(partner_api.get(OAUTH, params={"sortFieldName": alias, "sortType": "asc", "pageNo": "0",
                                             "pageSize": "8"}), "mosip.pms.oauth.partners.clients.get")
    refused_v1(partner_api.get(OAUTH, params={"sortFieldName": "name", "sortType": "asc", "pageNo": "0",
                                              "pageSize": "8"}), "PMS_PRT_357", "Invalid sort field name")


def test_the_feature_switch_text(partner, partner_api, oidc_policy, settings):
    settings.PMS_FEATURE_OIDC_CLIENT = False
    for answer in (partner_api.post(OIDC, create_body(oidc_policy)), partner_api.get(OAUTH)):
        refused_v1(answer, "PMS_FEATURE_002",
                   "OIDC client related features are not available in the current deployment.")


def test_the_schema_examples_look_like_the_real_answers(partner, partner_api, oidc_policy):
    from tests.support.wire_examples import assert_example_like

    created = partner_api.post(OAUTH, create_body(oidc_policy))
    assert_example_like(created.body, "POST", OAUTH)
    client_id = created.response["clientId"]
    assert_example_like(partner_api.get(f"{OAUTH}/{client_id}").body, "GET", f"{OAUTH}/{{client_id}}")
    assert_example_like(partner_api.get(OAUTH).body, "GET", OAUTH)
    assert_example_like(partner_api.put(f"{OAUTH}/{client_id}", update_body()).body, "PUT", f"{OAUTH}/{{client_id}}")
    request = {k: v for k, v in create_body(oidc_policy).items() if k != "clientNameLangMap"}
    created = partner_api.call("post", OIDC, body={"requestTime": "2026-01-01T00:00:00.000Z", "request": request})
    assert_example_like(created.body, "POST", OIDC)
    assert_example_like(partner_api.get(f"{OIDC}/{created.response['clientId']}").body, "GET", f"{OIDC}/{{client_id}}")
