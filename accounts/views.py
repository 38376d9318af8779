"""Auth-manager endpoints (catalog §4.1): logins, validateToken, invalidateToken."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.api import EnvelopeAPIView
from kernel.envelope import format_time
from kernel.errors import KernelErrors
from kernel.schema import envelope_request, envelope_response
from kernel.serializers import MosipRequestSerializer, StrictCharField

from . import services
from .authentication import COOKIE_NAME, authenticate_token, token_from_request
from .conf import app_settings
from .errors import AccountErrors
from .operations import CLIENT_LOGIN, PASSWORD_LOGIN, TOKEN_INVALIDATE, TOKEN_VALIDATE
from .tokens import InvalidToken


class PasswordLoginSerializer(MosipRequestSerializer):
    userName = StrictCharField(max_length=150)
    password = StrictCharField(max_length=256, trim_whitespace=False)
    appId = StrictCharField(max_length=64, required=False, allow_blank=True)
    aliases = {"userName": ["username", "userId", "user"], "appId": ["appid"]}


class ClientLoginSerializer(MosipRequestSerializer):
    clientId = StrictCharField(max_length=150)
    secretKey = StrictCharField(max_length=256, trim_whitespace=False)
    appId = StrictCharField(max_length=64, required=False, allow_blank=True)
    aliases = {"clientId": ["clientid"], "secretKey": ["secretkey", "secret"], "appId": ["appid"]}


LOGIN_RESPONSE = inline_serializer(
    name="LoginResult",
    fields={
        "status": serializers.CharField(),
        "message": serializers.CharField(),
        "token": serializers.CharField(),
        "expiryTime": serializers.IntegerField(help_text="token lifetime in seconds"),
        "userId": serializers.CharField(),
        "roles": serializers.ListField(child=serializers.CharField()),
    },
)


# Failures of the public login endpoints (the error envelope is added by kernel.schema).
LOGIN_FAILURES = {
    401: OpenApiResponse(description="KER-ATH-023: wrong credentials (unknown and inactive users answer the same)"),
    429: OpenApiResponse(description="KER-ATH-401: too many failed logins, retry after N seconds"),
}


def _check_app_id(app_id: str | None) -> None:
    allowed = app_settings.PMS_AUTH_APP_IDS
    if app_id and allowed and app_id.lower() not in {a.lower() for a in allowed}:
        raise AccountErrors.UNKNOWN_APPLICATION.error(app_id=app_id)


class _LoginView(EnvelopeAPIView):
    authentication_classes: list = []
    success_message = ""

    def _answer_with_cookie(self, request: Request, result: services.LoginResult) -> Response:
        token = result.token
        response = self.answer(
            request,
            {
                "status": "success",
                "message": self.success_message,
                "token": token.token,
                "expiryTime": token.lifetime_seconds,
                "userId": result.user.username,
                "roles": sorted(str(r) for r in result.roles),
            },
        )
        response.set_cookie(
            COOKIE_NAME,
            token.token,
            max_age=token.lifetime_seconds,
            path="/",
            secure=app_settings.PMS_TOKEN_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response


class PasswordLoginView(_LoginView):
    response_id = "mosip.io.userId.pwd"
    success_message = "Username and password combination had been validated successfully"
    operations = {"POST": PASSWORD_LOGIN}

    @extend_schema(
        operation_id="authenticate_useridPwd",
        request=envelope_request("PasswordLogin", PasswordLoginSerializer),
        responses={200: envelope_response("Login", LOGIN_RESPONSE), **LOGIN_FAILURES},
        summary="Log in with user name and password; sets cookie Authorization",
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        data = self.payload(request, PasswordLoginSerializer)
        _check_app_id(data.get("appId"))
        result = services.login_with_password(data["userName"], data["password"], self.actor(request))
        return self._answer_with_cookie(request, result)


class ClientLoginView(_LoginView):
    response_id = "mosip.io.clientId.clientsecret"
    success_message = "Clientid and Token combination had been validated successfully"
    operations = {"POST": CLIENT_LOGIN}

    @extend_schema(
        operation_id="authenticate_clientidsecretkey",
        request=envelope_request("ClientLogin", ClientLoginSerializer),
        responses={200: envelope_response("ClientLogin", LOGIN_RESPONSE), **LOGIN_FAILURES},
        summary="Log in a machine client with client id and secret key; sets cookie Authorization",
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        data = self.payload(request, ClientLoginSerializer)
        _check_app_id(data.get("appId"))
        result = services.login_with_client_secret(data["clientId"], data["secretKey"], self.actor(request))
        return self._answer_with_cookie(request, result)


class ValidateTokenView(EnvelopeAPIView):
    """Answers who the token belongs to. Verifies the token itself (not through DRF
    authentication) so a missing cookie gets KER-ATH-006 as MOSIP answers."""

    authentication_classes: list = []
    response_id = "mosip.admin.authorize.validateToken"
    operations = {"GET": TOKEN_VALIDATE, "POST": TOKEN_VALIDATE}

    def _validate(self, request: Request) -> Response:
        raw = token_from_request(request)
        if not raw:
            raise AccountErrors.COOKIE_EMPTY.error()
        try:
            user, claims = authenticate_token(raw)
        except InvalidToken as exc:
            raise KernelErrors.AUTHENTICATION_FAILED.error(detail=f"Invalid Token : {exc.reason}") from None
        roles = claims.roles
        return self.answer(
            request,
            {
                "userId": user.username,
                "name": user.get_full_name() or user.username,
                "mail": user.email or None,
                "role": ",".join(sorted(str(r) for r in roles)),
                "roles": sorted(str(r) for r in roles),
                "expiryTime": format_time(claims.expires_at),
                "token": None,
            },
        )

    @extend_schema(
        operation_id="authorize_validateToken",
        request=None,
        responses={200: envelope_response("ValidateToken", inline_serializer(
            name="TokenOwner",
            fields={
                "userId": serializers.CharField(), "name": serializers.CharField(),
                "mail": serializers.CharField(allow_null=True), "role": serializers.CharField(),
                "roles": serializers.ListField(child=serializers.CharField()),
                "expiryTime": serializers.CharField(),
            },
        )), 401: OpenApiResponse(description="KER-ATH-006: no token; KER-ATH-401: an invalid, expired or "
                                             "invalidated token")},
        summary="Validate the token in cookie or header (1.1 GET path; the 1.0 POST path answers the same)",
        tags=["auth"],
    )
    def get(self, request: Request) -> Response:
        return self._validate(request)

    @extend_schema(exclude=True)
    def post(self, request: Request) -> Response:
        return self._validate(request)


class InvalidateTokenView(EnvelopeAPIView):
    response_id = "mosip.admin.authorize.invalidateToken"
    operations = {"POST": TOKEN_INVALIDATE}

    def initial(self, request, *args, **kwargs):
        # No token at all is MOSIP's "Cookies are empty", not a generic 401.
        if not token_from_request(request):
            raise AccountErrors.COOKIE_EMPTY.error()
        super().initial(request, *args, **kwargs)

    @extend_schema(
        operation_id="authorize_invalidateToken",
        request=None,
        responses=envelope_response("InvalidateToken", inline_serializer(
            name="InvalidateResult", fields={"status": serializers.CharField(), "message": serializers.CharField()}
        )),
        summary="End the presented token (other sessions of the user stay valid)",
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        services.invalidate_token(request.auth, self.actor(request))
        response = self.answer(request, {"status": "Success", "message": "Token invalidated successfully"})
        response.delete_cookie(COOKIE_NAME, path="/", samesite="Lax")
        return response
