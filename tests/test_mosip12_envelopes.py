"""MOSIP 1.2's envelopes (kernel.mosip12): the three answer shapes key by key, which
envelope an error comes back in by where it arose, the V2 request checks in MOSIP's
order, authentication before routing under the 1.2 contexts, and the first 1.2 routes
(system-config, roles)."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from kernel.errors import ErrorCode
from kernel.mosip12 import V1, V2, Mosip12APIView, Service
from kernel.operations import PUBLIC, Operation
from kernel.roles import Role
from kernel.search import SortKey, list_query
from tests.support.api import PmsApi
from tests.support.users import make_user, token_for

pytestmark = pytest.mark.django_db

V1_KEYS = ["id", "version", "responsetime", "metadata", "response", "errors"]
V1_POLICY_KEYS = ["id", "version", "responsetime", "response", "errors"]
V2_KEYS = ["id", "version", "responseTime", "metadata", "response", "errors"]
TEST_OP = Operation("envelope test", roles=PUBLIC)
REFUSED = ErrorCode("PMS_TEST_001", "refused by the service")


class StatusIn(serializers.Serializer):
    status = serializers.CharField()


class EnvelopeProbeView(Mosip12APIView):
    authentication_classes: list = []
    operations = {"GET": TEST_OP, "POST": TEST_OP, "PATCH": TEST_OP}

    def get(self, request):
        list_query(request.query_params, {"name": SortKey("name")})
        if request.query_params.get("refuse"):
            raise REFUSED.error()
        return self.answer(request, {"ok": True})

    def post(self, request):
        data = self.payload(request, StatusIn)
        if data["status"] == "refuse":
            raise REFUSED.error()
        return self.answer(request, {"status": data["status"]})

    patch = post


class PartnerView(EnvelopeProbeView):
    answers = {"GET": V2("mosip.pms.test.get"), "POST": V1(echo=True), "PATCH": V2("mosip.pms.deactivate.sbi.patch")}


class PolicyView(EnvelopeProbeView):
    service = Service.POLICY
    answers = {"*": V1(echo=True)}


def call(view, method, body=None, query=""):
    factory = APIRequestFactory()
    request = getattr(factory, method.lower())("/v1/test" + query, body, format="json") if body is not None \
        else getattr(factory, method.lower())("/v1/test" + query)
    response = view.as_view()(request)
    response.render()
    return response.status_code, response.data


def today() -> str:
    now = timezone.now().astimezone(dt.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def v2_body(**changes):
    body = {"id": "mosip.pms.deactivate.sbi.patch", "version": "1.0", "requestTime": today(),
            "request": {"status": "De-Active"}}
    body.update(changes)
    return body


# --- answers --------------------------------------------------------------------------

def test_the_three_answer_shapes_key_by_key():
    status, body = call(PartnerView, "GET")
    assert (status, list(body), body["id"], body["version"], body["errors"]) == (
        200, V2_KEYS, "mosip.pms.test.get", "1.0", [])
    status, body = call(PartnerView, "POST", {"id": "string", "version": "LTS", "request": {"status": "x"}})
    assert (list(body), body["id"], body["version"], body["response"]) == (V1_KEYS, "string", "LTS", {"status": "x"})
    status, body = call(PolicyView, "POST", {"id": "", "request": {"status": "x"}})
    assert (list(body), body["id"], body["version"]) == (V1_POLICY_KEYS, "", None)
    assert body["responsetime"].endswith("Z") and len(body["responsetime"]) == 24


def test_a_v2_request_is_checked_in_mosips_order():
    assert call(PartnerView, "PATCH", v2_body())[1]["response"] == {"status": "De-Active"}
    cases = [
        (v2_body(id="mosip.pms.other"), "PMS_REQUEST_ERROR_002"),
        (v2_body(id="mosip.pms.other", version="2"), "PMS_REQUEST_ERROR_002"),
        (v2_body(requestTime=None), "PMS_REQUEST_ERROR_004"),
        (v2_body(requestTime="2024-13-01T00:00:00.000Z"), "PMS_REQUEST_ERROR_004"),
        (v2_body(requestTime="yesterday"), "PMS_REQUEST_ERROR_004"),
        (v2_body(requestTime="2020-01-01T00:00:00.000Z"), "PMS_REQUEST_ERROR_006"),
        (v2_body(requestTime="2020-01-01T00:00:00.000Z", version="2"), "PMS_REQUEST_ERROR_006"),
        (v2_body(version="2.0"), "PMS_REQUEST_ERROR_003"),
        (v2_body(version=None), "PMS_REQUEST_ERROR_003"),
    ]
    for sent, code in cases:
        status, body = call(PartnerView, "PATCH", sent)
        assert (status, [e["errorCode"] for e in body["errors"]]) == (200, [code]), sent
        # in the V2 envelope, with the route's API id
        assert (list(body), body["id"], body["version"], body["response"]) == (
            V2_KEYS, "mosip.pms.deactivate.sbi.patch", "1.0", None)
    assert call(PartnerView, "PATCH", v2_body(version="1.0".upper()))[1]["errors"] == []


def test_a_refused_body_is_cor_001_with_its_path_before_the_v2_checks():
    status, body = call(PartnerView, "PATCH", {"id": "wrong", "request": None})
    assert body["errors"] == [{"errorCode": "PMS_COR_001", "message": "Invalid request parameter - must not be null :request"}]
    # the partner service's V1 envelope, id and version null, even on a V2 route
    assert (list(body), body["id"], body["version"]) == (V1_KEYS, None, None)
    status, body = call(PartnerView, "PATCH", v2_body(id="wrong", request={"other": 1}))
    assert body["errors"] == [{"errorCode": "PMS_COR_001",
                               "message": "Invalid request parameter - must not be null :request.status"}]
    # the policy service copies the body's id and version into the error
    status, body = call(PolicyView, "POST", {"id": "mosip.policy.x", "version": "LTS", "request": {}})
    assert (list(body), body["id"], body["version"], body["errors"][0]["errorCode"]) == (
        V1_POLICY_KEYS, "mosip.policy.x", "LTS", "PMS_COR_001")


def test_a_service_refusal_comes_back_in_the_routes_envelope():
    status, body = call(PartnerView, "PATCH", v2_body(request={"status": "refuse"}))
    assert (status, list(body), body["id"], body["errors"][0]["errorCode"]) == (
        200, V2_KEYS, "mosip.pms.deactivate.sbi.patch", "PMS_TEST_001")
    status, body = call(PartnerView, "POST", {"id": "sent", "request": {"status": "refuse"}})
    assert (list(body), body["id"], body["version"]) == (V1_KEYS, "mosip.partnermanagement", "1.0")
    status, body = call(PolicyView, "POST", {"id": "sent", "version": "v", "request": {"status": "refuse"}})
    assert (list(body), body["id"], body["version"]) == (V1_POLICY_KEYS, "sent", "v")
    status, body = call(PolicyView, "GET", query="?refuse=1")
    assert (list(body), body["id"], body["version"]) == (V1_POLICY_KEYS, None, None)


def test_list_parameters_refused_before_the_service_are_the_services_v1_error():
    status, body = call(PartnerView, "GET", query="?pageNo=0")
    assert (status, list(body), body["id"], body["version"], body["errors"][0]["errorCode"]) == (
        200, V1_KEYS, "mosip.partnermanagement", "1.0", "PMS_PS_ERROR_006")
    status, body = call(PartnerView, "GET", query="?pageNo=zero&pageSize=8")
    assert (list(body), body["id"], body["errors"][0]["errorCode"]) == (V1_KEYS, "mosip.partnermanagement", "PMS_COR_002")
    # the policy service (R57): its own V1 envelope, id null on a GET
    status, body = call(PolicyView, "GET", query="?sortFieldName=nope&sortType=asc&pageNo=0&pageSize=8")
    assert (status, list(body), body["id"], body["version"], body["errors"][0]["errorCode"]) == (
        200, V1_POLICY_KEYS, None, None, "PMS_PRT_357")


# --- routing and the first routes ---------------------------------------------------------

@pytest.fixture
def partner():
    return make_user("pm12-partner", [Role.AUTH_PARTNER])


@pytest.mark.parametrize("path", [
    "/v1/partnermanager/partners/auth-partners-policies",  # never released; the api-test rig calls it
    "/v1/partnermanager/partners/v4",
    "/v1/policymanager/policies/apikey/abc",  # removed after 1.1.5
    "/v1/partnermanager",
    "/v1/policymanager/",
    "/v1/partnermanager/partners/v4/no/such/route",
])
@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_authentication_comes_before_routing_under_the_12_contexts(path, method, partner):
    anonymous = PmsApi().call(method, path, None if method in ("get", "delete") else {})
    assert (anonymous.status, anonymous.error_codes) == (401, ["KER-ATH-401"])
    if path in SERVED_AS_PARTNER_IDS:
        return  # /partners/{partnerId} (R5, R3, R40) takes them, as in MOSIP 1.2.2
    known = PmsApi(token=token_for(partner)).call(method, path, None if method in ("get", "delete") else {})
    assert (known.status, known.error_codes) == (404, ["PMS_COR_002"])


# Removed routes whose path MOSIP 1.2.2 itself reads as ``/partners/{partnerId}``: with a
# valid token they are a partner id (PMS_PRT_005 on GET), not an unknown route.
SERVED_AS_PARTNER_IDS = {"/v1/partnermanager/partners/auth-partners-policies", "/v1/partnermanager/partners/v4"}


def test_a_removed_route_read_as_a_partner_id_answers_like_an_unknown_partner(partner):
    answer = PmsApi(token=token_for(partner)).get("/v1/partnermanager/partners/v4")
    assert (answer.status, answer.error_codes) == (200, ["PMS_PRT_005"])


def test_system_config_answers_every_key_the_portal_reads_as_strings(partner, settings):
    answer = PmsApi(token=token_for(partner)).get("/v1/partnermanager/system-config")
    assert (answer.status, list(answer.body), answer.body["id"], answer.body["version"]) == (
        200, V2_KEYS, "mosip.pms.configs.get", "1.0")
    assert answer.body["response"] == {
        "grantTypes": "authorization_code", "clientAuthMethods": "private_key_jwt", "inActivityTimer": "25",
        "inActivityPromptTimer": "5", "axiosTimeout": "3", "maxAllowedExpiryYear": "10", "maxAllowedCreatedYear": "10",
        "itemsPerPage": "8", "isCaSignedPartnerCertificateAvailable": "true", "isOidcClientAvailable": "true",
        "isRootIntermediateCertAvailable": "true"}
    settings.PMS_FEATURE_OIDC_CLIENT = False
    settings.PMS_PORTAL_ITEMS_PER_PAGE = 20
    response = PmsApi(token=token_for(partner)).get("/v1/partnermanager/system-config").body["response"]
    assert (response["isOidcClientAvailable"], response["itemsPerPage"]) == ("false", "20")


def test_roles_lists_the_portal_roles_in_the_v1_envelope_without_id(partner, settings):
    answer = PmsApi(token=token_for(partner)).get("/v1/partnermanager/roles")
    assert (answer.status, list(answer.body), answer.body["id"], answer.body["version"]) == (200, V1_KEYS, None, None)
    assert answer.body["response"] == {"roles": ["AUTH_PARTNER", "DEVICE_PROVIDER", "CREDENTIAL_PARTNER", "FTM_PROVIDER",
                                                 "MISP_PARTNER", "POLICYMANAGER", "PARTNER_ADMIN"]}
    settings.PMS_PORTAL_ROLES = ["AUTH_PARTNER", " PARTNER_ADMIN", ""]
    assert PmsApi(token=token_for(partner)).get("/v1/partnermanager/roles").body["response"] == {
        "roles": ["AUTH_PARTNER", "PARTNER_ADMIN"]}


# --- 1.2 details: time formats, ids in paths ------------------------------------------

def test_the_two_time_formats_of_12_answers():
    from kernel.mosip12 import local_date_time, offset_date_time

    at = dt.datetime(2024, 8, 1, 14, 30, 0, 120000, tzinfo=dt.timezone.utc)
    assert local_date_time(at) == "2024-08-01T14:30:00.12"
    assert local_date_time(at.replace(microsecond=0)) == "2024-08-01T14:30:00"
    assert local_date_time(at.replace(microsecond=123456)) == "2024-08-01T14:30:00.123456"
    assert offset_date_time(at) == "2024-08-01T14:30:00.120+00:00"
    plus_two = dt.timezone(dt.timedelta(hours=2))
    assert offset_date_time(at.astimezone(plus_two)) == "2024-08-01T14:30:00.120+00:00"  # always in UTC
    assert local_date_time(None) is None and offset_date_time(None) is None


def test_a_12_id_may_be_a_word_a_10_route_reserves():
    from kernel.routing import RESERVED_SEGMENTS, ContextIdConverter, IdConverter

    word = next(iter(sorted(RESERVED_SEGMENTS)))
    with pytest.raises(ValueError):
        IdConverter().to_python(word)
    assert ContextIdConverter().to_python(word) == word
