"""MOSIP 1.2's users and consent routes (1.2 catalog §15, R110–R112) under
``/v1/partnermanager``. R110 answers V1 with a null id (its refusals in the partner
service's V1 error); R111/R112 answer V2 with their API ids, refusals included.

R110 is narrower than MOSIP's (docs/roles-and-users.md, "Users made through MOSIP 1.2's
POST /users"): a new name only, at most one partner-type role, Django's password rules.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.operations import PORTAL_USER_CREATE_12, USER_CONSENT_GIVE_12, USER_CONSENT_READ_12
from accounts.services import create_portal_user
from kernel.mosip12 import V1, V2, Mosip12APIView, answer_schema, local_date_time
from kernel.routing import Route
from kernel.serializers import MosipRequestSerializer, StrictCharField

from ..services.consent import consent_of, give_consent
from .certificates import NotBlank

TAGS = ["partnermanager (1.2)"]
NOT_NULL_OR_EMPTY = "should not be null or empty"


def _text(max_length: int, **kw):
    return StrictCharField(max_length=max_length, required=False, allow_blank=True, allow_null=True, **kw)


class UserRegistration12(MosipRequestSerializer):
    """MOSIP's ``UserRegistrationRequestDto``: ``userName`` has its own message."""

    userName = _text(150)
    firstName = _text(150)
    lastName = _text(150)
    contactNo = NotBlank(max_length=16)
    emailID = NotBlank(max_length=254)
    organizationName = _text(128)
    role = _text(64)
    partnerId = _text(64)
    userPassword = _text(128, trim_whitespace=False)

    def validate(self, attrs):
        if not attrs.get("userName"):
            raise serializers.ValidationError({"userName": [ErrorDetail(NOT_NULL_OR_EMPTY, code="not_null_or_empty")]})
        return attrs


USER_ANSWER = inline_serializer(name="MosipUser12", fields={
    name: serializers.CharField(allow_null=True)
    for name in ("userId", "mobile", "mail", "langCode", "userPassword", "name", "role", "rId", "token")})
CONSENT_ANSWER = inline_serializer(name="UserConsent12", fields={
    "userId": serializers.CharField(), "consentGiven": serializers.BooleanField(),
    "consentGivenDateTime": serializers.CharField(allow_null=True)})


class PortalUser12View(Mosip12APIView):
    """R110: a partner-portal user, if none has that name."""

    answers = {"POST": V1()}
    operations = {"POST": PORTAL_USER_CREATE_12}

    @extend_schema(
        operation_id="partnermanager_users_create", summary="R110 — create a partner-portal user (MOSIP 1.2)",
        request=inline_serializer(name="UserRegistration12RequestEnvelope", fields={
            "id": serializers.CharField(required=False, allow_null=True, allow_blank=True),
            "version": serializers.CharField(required=False, allow_null=True, allow_blank=True),
            "requesttime": serializers.CharField(required=False),
            "metadata": serializers.JSONField(required=False, allow_null=True),
            "request": UserRegistration12()}),
        responses=answer_schema("MosipUser12", USER_ANSWER, answers["POST"]), tags=TAGS,
        examples=[OpenApiExample("new auth partner user", request_only=True, value={
            "id": "", "version": "1.0", "requesttime": "2026-01-01T10:00:00.000Z",
            "request": {"userName": "airtel-ops", "firstName": "Asha", "lastName": "Rao", "contactNo": "9845000000",
                        "emailID": "ops@airtel.example", "organizationName": "Airtel India",
                        "role": "AUTH_PARTNER", "partnerId": "airtel-ops", "userPassword": "Long-enough-passw0rd"}})])
    def post(self, request: Request) -> Response:
        data = self.payload(request, UserRegistration12)
        user, _created = create_portal_user(
            actor=self.actor(request), username=data["userName"], email=data["emailID"], role=data.get("role") or None,
            password=data.get("userPassword") or None, first_name=data.get("firstName") or "",
            last_name=data.get("lastName") or "")
        return self.answer(request, {"userId": data["userName"], "mobile": None, "mail": None, "langCode": None,
                                     "userPassword": None, "name": None, "role": None, "rId": None, "token": None})


class UserConsent12View(Mosip12APIView):
    """R111 (POST, no body read) records the caller's consent; R112 (GET) reads it."""

    answers = {"POST": V2("mosip.pms.user.consent.post"), "GET": V2("mosip.pms.user.consent.get")}
    operations = {"POST": USER_CONSENT_GIVE_12, "GET": USER_CONSENT_READ_12}

    @extend_schema(operation_id="partnermanager_user_consent_give", request=None,
                   summary="R111 — accept the partner portal's terms (MOSIP 1.2)",
                   responses=answer_schema("UserConsentGiven12", CONSENT_ANSWER, answers["POST"]), tags=TAGS)
    def post(self, request: Request) -> Response:
        consent = give_consent(actor=self.actor(request))
        return self.answer(request, {"userId": request.user.username, "consentGiven": True,
                                     "consentGivenDateTime": local_date_time(consent.consent_given_at)})

    @extend_schema(operation_id="partnermanager_user_consent_read",
                   summary="R112 — whether the caller accepted the partner portal's terms (MOSIP 1.2)",
                   responses=answer_schema("UserConsent12", CONSENT_ANSWER, answers["GET"]), tags=TAGS)
    def get(self, request: Request) -> Response:
        consent = consent_of(actor=self.actor(request))
        return self.answer(request, {"userId": request.user.username, "consentGiven": consent is not None,
                                     "consentGivenDateTime": local_date_time(consent.consent_given_at) if consent
                                     else None})


literal_routes = [
    Route("/users/user-consent", UserConsent12View.as_view(), "pm12-user-consent"),
    Route("/users", PortalUser12View.as_view(), "pm12-users"),
]
id_routes: list = []
