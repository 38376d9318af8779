"""MOSIP 1.2's OAuth/OIDC clients (1.2 catalog §14, R103-R109) under ``/v1/partnermanager``:
``/oauth/client`` (R103-R106) and the deprecated ``/oidc/client`` (R107-R109). Thin: the
envelope in, one service call, the envelope out; the rules, scope and the eSignet steps
are in ``partners.services.oidc_clients``.

All seven routes are switched by PMS_FEATURE_OIDC_CLIENT (MOSIP's
``mosip.pms.oidc.client.available``; off: PMS_FEATURE_002 in the partner service's V1
error). Roles: AUTH_PARTNER and PARTNER_ADMIN (``partners.operations``), where MOSIP
checks none on R103-R105/R107-R109.
"""

from __future__ import annotations

import json

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.conf import platform_settings
from kernel.mosip12 import V1, V2, Mosip12APIView, answer_schema, offset_date_time
from kernel.routing import Route
from kernel.schema import envelope_request
from kernel.serializers import MosipRequestSerializer, StrictCharField

from ..errors import OidcClients12Errors
from ..models import OidcClientApi
from ..operations import OIDC_CLIENT_CREATE, OIDC_CLIENT_READ, OIDC_CLIENT_UPDATE
from ..services import oidc_clients
from .key_shapes import LIST_PARAMETERS, page_of

TAGS = ["partnermanager (1.2): OAuth/OIDC clients"]
ANSWER = V1()  # id and version null, as MOSIP's client controller answers
LIST_ANSWER = V2("mosip.pms.oauth.partners.clients.get")


def feature_on() -> None:
    if not platform_settings.PMS_FEATURE_OIDC_CLIENT:
        raise OidcClients12Errors.FEATURE_OFF.error()


# --- bodies ---------------------------------------------------------------------------------

# MOSIP's client DTOs declare no texts: Hibernate Validator's defaults (``@NotBlank``
# "must not be blank", ``@Size`` "size must be between 1 and N", ``@URL``, ``@NotEmpty``).
NOT_BLANK = "must not be blank"


def _not_blank(max_length: int) -> StrictCharField:
    """``@NotBlank @Size(1, N)``."""
    return StrictCharField(max_length=max_length, error_messages={
        "required": NOT_BLANK, "null": NOT_BLANK, "blank": NOT_BLANK,
        "max_length": f"size must be between 1 and {max_length}"})


def _uri(*, blank_text: str = NOT_BLANK) -> serializers.URLField:
    """``@NotBlank @URL @Size(max = 2048)``."""
    return serializers.URLField(max_length=2048, error_messages={
        "required": blank_text, "null": blank_text, "blank": NOT_BLANK, "invalid": "must be a valid URL",
        "max_length": "size must be between 0 and 2048"})


class _Texts(serializers.ListField):
    """``@NotNull @Size(1, N)`` list of texts."""

    def __init__(self, max_length: int, **kwargs):
        size = f"size must be between 1 and {max_length}"
        super().__init__(child=StrictCharField(allow_blank=False, max_length=2048), min_length=1,
                         max_length=max_length, error_messages={"min_length": size, "max_length": size}, **kwargs)


_NOT_EMPTY = {"required": "must not be empty", "null": "must not be empty", "empty": "must not be empty"}


class _LangMap(serializers.DictField):
    """``{<3-letter language>: <name>}``, not empty, names not blank."""

    def __init__(self, **kwargs):
        super().__init__(child=StrictCharField(allow_blank=False, max_length=256), allow_empty=False,
                         error_messages=_NOT_EMPTY, **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if any(len(str(key)) != 3 for key in value):
            raise serializers.ValidationError("size must be between 3 and 3")
        return value


class _PublicKey(serializers.DictField):
    """A JWK public key, its values not null (checked as a key by the service)."""

    def __init__(self, **kwargs):
        super().__init__(allow_empty=False, error_messages=_NOT_EMPTY, **kwargs)


class ClientCreateRequest(MosipRequestSerializer):
    """R107 ``ClientDetailCreateRequest``."""

    name = _not_blank(256)
    policyId = _not_blank(36)
    publicKey = _PublicKey()
    authPartnerId = _not_blank(100)
    logoUri = _uri()
    redirectUris = _Texts(5)
    grantTypes = _Texts(3)
    clientAuthMethods = _Texts(3)


class OAuthClientCreateRequest(ClientCreateRequest):
    """R103 ``ClientDetailCreateRequestV2``: R107's body and the names per language."""

    clientNameLangMap = _LangMap()


class ClientUpdateRequest(MosipRequestSerializer):
    """R108 ``ClientDetailUpdateRequest``."""

    clientName = StrictCharField(max_length=256)
    logoUri = _uri(blank_text="must not be null")  # @NotNull first
    redirectUris = _Texts(5)
    grantTypes = _Texts(3)
    clientAuthMethods = _Texts(3)
    status = serializers.RegexField(r"(?i)^(ACTIVE|INACTIVE)$", max_length=8)


class OAuthClientUpdateRequest(ClientUpdateRequest):
    """R104 ``ClientDetailUpdateRequestV2``."""

    clientNameLangMap = _LangMap()


# --- answers --------------------------------------------------------------------------------

CLIENT_STATUS = inline_serializer(name="OidcClientStatus", fields={
    "clientId": serializers.CharField(), "status": serializers.ChoiceField(["ACTIVE", "INACTIVE"])})


class ClientOut(serializers.Serializer):
    """``ClientDetail`` (R105, R109): lists as arrays, the public key as JSON text."""

    id = serializers.CharField()
    name = serializers.CharField(help_text="as stored: JSON of the names per language for an OAuth client")
    policyId = serializers.CharField(source="policy_id")
    policyName = serializers.CharField(source="policy.name")
    relyingPartyId = serializers.CharField(source="partner_id")
    logoUri = serializers.CharField(source="logo_uri")
    redirectUris = serializers.ListField(child=serializers.CharField(), source="redirect_uris")
    publicKey = serializers.CharField(source="public_key", help_text="the JWK as a JSON string")
    claims = serializers.ListField(child=serializers.CharField())
    acrValues = serializers.ListField(child=serializers.CharField(), source="acr_values")
    status = serializers.ChoiceField(["ACTIVE", "INACTIVE"])
    grantTypes = serializers.ListField(child=serializers.CharField(), source="grant_types")
    clientAuthMethods = serializers.ListField(child=serializers.CharField(), source="auth_methods")


DATE_HELP = "java.util.Date, UTC (yyyy-MM-ddTHH:mm:ss.SSS+00:00)"


class ClientSummaryOut(serializers.Serializer):
    """``ClientSummaryDto`` (R106)."""

    partnerId = serializers.CharField(source="partner_id")
    orgName = serializers.CharField(source="partner.name")
    policyGroupId = serializers.CharField(source="policy.policy_group_id")
    policyGroupName = serializers.CharField(source="policy.policy_group.name")
    policyGroupDescription = serializers.CharField(source="policy.policy_group.description")
    policyName = serializers.CharField(source="policy.name")
    policyDescription = serializers.CharField(source="policy.description")
    clientId = serializers.CharField(source="id")
    clientName = serializers.CharField(source="name")
    status = serializers.ChoiceField(["ACTIVE", "INACTIVE"])
    updatedDateTime = serializers.SerializerMethodField(help_text=DATE_HELP)
    createdDateTime = serializers.SerializerMethodField(help_text=DATE_HELP)

    def get_updatedDateTime(self, client) -> str | None:
        return offset_date_time(client.updated_at)

    def get_createdDateTime(self, client) -> str | None:
        return offset_date_time(client.created_at)


EXAMPLE_JWK = {"kty": "RSA", "e": "AQAB", "n": "sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95"
                                             "GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuy"
                                             "vVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2"
                                             "EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkE"
                                             "pk1BzBZI0KQB0GaDWFLN-aEAw3vRw"}
CREATE_EXAMPLE = OpenApiExample("OAuth client", request_only=True, value={
    "requestTime": "2026-01-15T09:30:00.000Z", "request": {
        "name": "Airtel e-KYC", "policyId": "kyc-11", "publicKey": EXAMPLE_JWK, "authPartnerId": "airtel-01",
        "logoUri": "https://airtel.example/logo.png", "redirectUris": ["https://airtel.example/callback"],
        "grantTypes": ["authorization_code"], "clientAuthMethods": ["private_key_jwt"],
        "clientNameLangMap": {"eng": "Airtel e-KYC", "fra": "Airtel e-KYC"}}})
OIDC_CREATE_EXAMPLE = OpenApiExample("OIDC client", request_only=True, value={
    "requestTime": "2026-01-15T09:30:00.000Z", "request": {
        "name": "Airtel e-KYC", "policyId": "kyc-11", "publicKey": EXAMPLE_JWK, "authPartnerId": "airtel-01",
        "logoUri": "https://airtel.example/logo.png", "redirectUris": ["https://airtel.example/callback"],
        "grantTypes": ["authorization_code"], "clientAuthMethods": ["private_key_jwt"]}})
UPDATE_EXAMPLE = OpenApiExample("deactivate", request_only=True, value={
    "requestTime": "2026-01-15T09:30:00.000Z", "request": {
        "clientName": "Airtel e-KYC", "logoUri": "https://airtel.example/logo.png",
        "redirectUris": ["https://airtel.example/callback"], "grantTypes": ["authorization_code"],
        "clientAuthMethods": ["private_key_jwt"], "status": "INACTIVE", "clientNameLangMap": {"eng": "Airtel e-KYC"}}})
OIDC_UPDATE_EXAMPLE = OpenApiExample("rename", request_only=True, value={
    "requestTime": "2026-01-15T09:30:00.000Z", "request": {
        "clientName": "Airtel e-KYC", "logoUri": "https://airtel.example/logo.png",
        "redirectUris": ["https://airtel.example/callback"], "grantTypes": ["authorization_code"],
        "clientAuthMethods": ["private_key_jwt"], "status": "ACTIVE"}})
STATUS_EXAMPLE = OpenApiExample("created", response_only=True, value={
    "id": None, "version": None, "responsetime": "2026-01-15T09:30:00.000Z", "metadata": None,
    "response": {"clientId": "mJ8Zx2y0nQ3h0t4xO0b3rA0Xb5xq8H2G7h6mX9Jc1aE", "status": "ACTIVE"}, "errors": []})
CLIENT_EXAMPLE = OpenApiExample("client", response_only=True, value={
    "id": None, "version": None, "responsetime": "2026-01-15T09:30:00.000Z", "metadata": None,
    "response": {"id": "mJ8Zx2y0nQ3h0t4xO0b3rA0Xb5xq8H2G7h6mX9Jc1aE", "name": '{"eng":"Airtel e-KYC","@none":"Airtel e-KYC"}',
                 "policyId": "kyc-11", "policyName": "KYC 1.1", "relyingPartyId": "airtel-01",
                 "logoUri": "https://airtel.example/logo.png", "redirectUris": ["https://airtel.example/callback"],
                 "publicKey": json.dumps(EXAMPLE_JWK), "claims": ["name", "birthdate"],
                 "acrValues": ["mosip:idp:acr:generated-code"], "status": "ACTIVE",
                 "grantTypes": ["authorization_code"], "clientAuthMethods": ["private_key_jwt"]}, "errors": []})


# --- views ----------------------------------------------------------------------------------

class _ClientsView(Mosip12APIView):
    api = OidcClientApi.OAUTH
    create_body: type[ClientCreateRequest] = OAuthClientCreateRequest

    def post(self, request: Request) -> Response:
        feature_on()
        data = self.payload(request, self.create_body)
        client = oidc_clients.create_client(actor=self.actor(request), api=self.api, data=data)
        return self.answer(request, {"clientId": client.id, "status": client.status})


class _ClientView(Mosip12APIView):
    audit_ref_kwarg = "client_id"
    update_body: type[ClientUpdateRequest] = OAuthClientUpdateRequest

    def put(self, request: Request, client_id: str) -> Response:
        feature_on()
        data = self.payload(request, self.update_body)
        client = oidc_clients.update_client(actor=self.actor(request), client_id=client_id, data=data)
        return self.answer(request, {"clientId": client.id, "status": client.status})

    def get(self, request: Request, client_id: str) -> Response:
        feature_on()
        client = oidc_clients.get_client(actor=self.actor(request), client_id=client_id)
        return self.answer(request, ClientOut(client).data)


class OAuthClientsView(_ClientsView):
    """R103 (create an OAuth client) and R106 (the caller's clients, paged)."""

    answers = {"POST": ANSWER, "GET": LIST_ANSWER}
    operations = {"POST": OIDC_CLIENT_CREATE, "GET": OIDC_CLIENT_READ}

    @extend_schema(operation_id="partnermanager_oauth_client_create",
                   summary="R103 — create an OAuth client of an authentication partner (MOSIP 1.2)",
                   request=envelope_request("OAuthClientCreate", OAuthClientCreateRequest),
                   responses=answer_schema("OAuthClientCreated", CLIENT_STATUS, ANSWER),
                   examples=[CREATE_EXAMPLE, STATUS_EXAMPLE], tags=TAGS)
    def post(self, request: Request) -> Response:
        return super().post(request)

    @extend_schema(operation_id="partnermanager_oauth_clients",
                   summary="R106 — the OAuth/OIDC clients of the caller's partners, paged (MOSIP 1.2)",
                   parameters=[*LIST_PARAMETERS, *(OpenApiParameter(name, str, required=False) for name in (
                       "partnerId", "orgName", "policyGroupName", "policyName", "clientName")),
                               OpenApiParameter("status", str, required=False, enum=["ACTIVE", "INACTIVE"])],
                   responses=answer_schema("OAuthClientPage", page_of(ClientSummaryOut, "OAuthClientPage"), LIST_ANSWER),
                   tags=TAGS)
    def get(self, request: Request) -> Response:
        feature_on()
        page = oidc_clients.list_clients(actor=self.actor(request), params=request.query_params)
        return self.answer(request, page.answer(lambda client: ClientSummaryOut(client).data))


class OAuthClientView(_ClientView):
    """R104 (update or deactivate) and R105 (read) an OAuth client."""

    answers = {"*": ANSWER}
    operations = {"PUT": OIDC_CLIENT_UPDATE, "GET": OIDC_CLIENT_READ}

    @extend_schema(operation_id="partnermanager_oauth_client_update",
                   summary="R104 — update or deactivate an OAuth client (MOSIP 1.2; deactivation is final)",
                   request=envelope_request("OAuthClientUpdate", OAuthClientUpdateRequest),
                   responses=answer_schema("OAuthClientUpdated", CLIENT_STATUS, ANSWER),
                   examples=[UPDATE_EXAMPLE, STATUS_EXAMPLE], tags=TAGS)
    def put(self, request: Request, client_id: str) -> Response:
        return super().put(request, client_id)

    @extend_schema(operation_id="partnermanager_oauth_client", summary="R105 — an OAuth client (MOSIP 1.2)",
                   responses=answer_schema("OAuthClient", ClientOut, ANSWER), examples=[CLIENT_EXAMPLE], tags=TAGS)
    def get(self, request: Request, client_id: str) -> Response:
        return super().get(request, client_id)


class OidcClientsView(_ClientsView):
    """R107: create an OIDC client (deprecated in MOSIP; no names per language)."""

    api = OidcClientApi.OIDC
    create_body = ClientCreateRequest
    answers = {"*": ANSWER}
    operations = {"POST": OIDC_CLIENT_CREATE}

    @extend_schema(operation_id="partnermanager_oidc_client_create",
                   summary="R107 — create an OIDC client (MOSIP 1.2, deprecated there)",
                   request=envelope_request("OidcClientCreate", ClientCreateRequest),
                   responses=answer_schema("OidcClientCreated", CLIENT_STATUS, ANSWER),
                   examples=[OIDC_CREATE_EXAMPLE, STATUS_EXAMPLE], tags=TAGS)
    def post(self, request: Request) -> Response:
        return super().post(request)


class OidcClientView(_ClientView):
    """R108 (update) and R109 (read) an OIDC client (deprecated in MOSIP)."""

    update_body = ClientUpdateRequest
    answers = {"*": ANSWER}
    operations = {"PUT": OIDC_CLIENT_UPDATE, "GET": OIDC_CLIENT_READ}

    @extend_schema(operation_id="partnermanager_oidc_client_update",
                   summary="R108 — update or deactivate an OIDC client (MOSIP 1.2, deprecated there)",
                   request=envelope_request("OidcClientUpdate", ClientUpdateRequest),
                   responses=answer_schema("OidcClientUpdated", CLIENT_STATUS, ANSWER),
                   examples=[OIDC_UPDATE_EXAMPLE, STATUS_EXAMPLE], tags=TAGS)
    def put(self, request: Request, client_id: str) -> Response:
        return super().put(request, client_id)

    @extend_schema(operation_id="partnermanager_oidc_client", summary="R109 — an OIDC client (MOSIP 1.2)",
                   responses=answer_schema("OidcClient", ClientOut, ANSWER), examples=[CLIENT_EXAMPLE], tags=TAGS)
    def get(self, request: Request, client_id: str) -> Response:
        return super().get(request, client_id)


literal_routes = [
    Route("/oauth/client", OAuthClientsView.as_view(), "pm12-oauth-clients"),
    Route("/oidc/client", OidcClientsView.as_view(), "pm12-oidc-clients"),
]
id_routes = [
    Route("/oauth/client/<id12:client_id>", OAuthClientView.as_view(), "pm12-oauth-client"),
    Route("/oidc/client/<id12:client_id>", OidcClientView.as_view(), "pm12-oidc-client"),
]
