"""The server certificate (SPEC §7) and the health probe."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import JsonResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from .api import EnvelopeAPIView
from .conf import platform_settings
from .envelope import format_time
from .errors import KernelErrors
from .keys import server_key, signing_key_problem
from .mosip12 import V1, V2, Mosip12APIView, answer_schema
from .operations import ANY_TOKEN, PUBLIC, Operation
from .schema import envelope_response

logger = logging.getLogger("pms.health")

SYSTEM_CONFIG_READ = Operation("system configuration read", roles=ANY_TOKEN)
PORTAL_ROLES_READ = Operation("portal roles read", roles=ANY_TOKEN)
UNKNOWN_ROUTE = Operation("unknown route", roles=ANY_TOKEN)


class CertificateView(EnvelopeAPIView):
    """The server's signing certificate, so clients can verify what we sign (SPEC §7)."""

    authentication_classes: list = []
    response_id = "mosip.keymanager.getCertificate"
    operations = {"GET": Operation("server certificate download", roles=PUBLIC)}

    @extend_schema(
        operation_id="keymanager_getCertificate",
        parameters=[OpenApiParameter("applicationId", str, required=True, description="PMS"),
                    OpenApiParameter("referenceId", str, required=False)],
        responses=envelope_response("Certificate", inline_serializer(
            name="ServerCertificate",
            fields={"certificate": serializers.CharField(help_text="PEM"), "issuedAt": serializers.CharField(),
                    "expiryAt": serializers.CharField()},
        )),
        summary="Download the server signing certificate",
        tags=["keymanager"],
    )
    def get(self, request: Request) -> Response:
        app_id = request.query_params.get("applicationId", "")
        if not app_id:
            raise KernelErrors.MISSING_INPUT.error(field="applicationId")
        if app_id.upper() != settings.PMS_APPLICATION_ID:
            raise KernelErrors.INVALID_INPUT.error(field="applicationId", detail=f"only {settings.PMS_APPLICATION_ID} is served")
        key = server_key()
        cert = key.certificate
        return self.answer(
            request,
            {
                "certificate": key.certificate_pem,
                "issuedAt": format_time(cert.not_valid_before_utc),
                "expiryAt": format_time(cert.not_valid_after_utc),
            },
        )


def health_response() -> JsonResponse:
    """200 when the database answers and the signing key loads, else 503 (load-balancer
    probe): a host that cannot sign tokens cannot serve a single login. Each cause of a 503
    is one log line; the probe repeats every few seconds, so no traceback."""
    report, healthy = {"database": "ok", "signingKey": "ok"}, True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        report["database"], healthy = "unreachable", False
        logger.error("healthz: database unreachable: %s: %s", type(exc).__name__, _one_line(str(exc)))
    problem = signing_key_problem()
    if problem is not None:
        report["signingKey"], healthy = "unusable (see manage.py check)", False
        logger.error("healthz: signing key unusable: %s", _one_line(str(problem)))
    response = JsonResponse({"status": "UP" if healthy else "DOWN", **report}, status=200 if healthy else 503)
    response._has_been_logged = True  # the reason is logged above; not again as "Service Unavailable"
    return response


def _one_line(text: str) -> str:
    return " ".join(text.split())[:500]


def healthz(request):
    """The route, for ``reverse("healthz")``; requests are answered by
    kernel.middleware.HealthProbeMiddleware before host validation."""
    return health_response()


@extend_schema(exclude=True)
class BenchFloorView(EnvelopeAPIView):
    """The benchmark's floor (``bench/``): the least an authenticated API request costs here
    (middleware, token check with its 2 queries, envelope) plus one primary-key read.
    Routed only when PMS_BENCH_FLOOR is set; every endpoint's throughput is quoted as a
    ratio to this one, measured in the same run."""

    response_id = "pms.bench.floor"
    operations = {"GET": Operation("bench floor", roles=ANY_TOKEN)}

    def get(self, request: Request) -> Response:
        row = get_user_model().objects.filter(pk=request.user.pk).values("id", "username").first()
        return self.answer(request, {"id": row["id"], "userName": row["username"]})


def _flag(value: bool) -> str:
    return "true" if value else "false"


def system_configuration() -> dict[str, str]:
    """What the 1.2 portal reads at start-up: every value a string, as MOSIP sends them."""
    conf = platform_settings
    return {
        "grantTypes": ",".join(conf.PMS_OIDC_CLIENT_GRANT_TYPES),
        "clientAuthMethods": ",".join(conf.PMS_OIDC_CLIENT_AUTH_METHODS),
        "inActivityTimer": str(conf.PMS_PORTAL_INACTIVITY_MINUTES),
        "inActivityPromptTimer": str(conf.PMS_PORTAL_INACTIVITY_PROMPT_MINUTES),
        "axiosTimeout": str(conf.PMS_PORTAL_REQUEST_TIMEOUT),
        "maxAllowedExpiryYear": str(conf.PMS_SBI_EXPIRY_MAX_YEARS),
        "maxAllowedCreatedYear": str(conf.PMS_SBI_CREATED_MAX_YEARS),
        "itemsPerPage": str(conf.PMS_PORTAL_ITEMS_PER_PAGE),
        "isCaSignedPartnerCertificateAvailable": _flag(conf.PMS_FEATURE_CA_SIGNED_PARTNER_CERTIFICATE),
        "isOidcClientAvailable": _flag(conf.PMS_FEATURE_OIDC_CLIENT),
        "isRootIntermediateCertAvailable": _flag(conf.PMS_FEATURE_ROOT_AND_INTERMEDIATE_CERTIFICATES),
    }


class SystemConfigView(Mosip12APIView):
    """R113: the feature switches and limits the 1.2 portal reads at start-up."""

    answers = {"GET": V2("mosip.pms.configs.get")}
    operations = {"GET": SYSTEM_CONFIG_READ}

    @extend_schema(
        operation_id="partnermanager_system_config",
        responses=answer_schema("SystemConfig", serializers.DictField(child=serializers.CharField()), answers["GET"]),
        summary="The portal's feature switches and limits (MOSIP 1.2)",
        tags=["partnermanager (1.2)"],
    )
    def get(self, request: Request) -> Response:
        return self.answer(request, system_configuration())


class PortalRolesView(Mosip12APIView):
    """R114: the roles whose holders may use the 1.2 portal."""

    answers = {"GET": V1()}
    operations = {"GET": PORTAL_ROLES_READ}

    @extend_schema(
        operation_id="partnermanager_roles",
        responses=answer_schema("PortalRoles", inline_serializer(
            name="PortalRoles", fields={"roles": serializers.ListField(child=serializers.CharField())}), answers["GET"]),
        summary="The roles that may use the partner portal (MOSIP 1.2)",
        tags=["partnermanager (1.2)"],
    )
    def get(self, request: Request) -> Response:
        return self.answer(request, {"roles": [role.strip() for role in platform_settings.PMS_PORTAL_ROLES if role.strip()]})


@extend_schema(exclude=True)
class UnknownRouteView(Mosip12APIView):
    """Any other path under a 1.2 context: authentication first, as MOSIP's auth filter
    runs before routing (an unauthenticated call is 401 ``KER-ATH-401`` even on a route
    that does not exist), then 404."""

    operations = {method: UNKNOWN_ROUTE for method in ("GET", "POST", "PUT", "PATCH", "DELETE")}

    def _not_found(self, request: Request, *args, **kwargs) -> Response:
        raise KernelErrors.NO_SUCH_ENDPOINT.error(path=request.path[:200])

    get = post = put = patch = delete = _not_found
