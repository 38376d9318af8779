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
from .envelope import format_time
from .errors import KernelErrors
from .keys import server_key, signing_key_problem
from .operations import ANY_TOKEN, PUBLIC, Operation
from .schema import envelope_response

logger = logging.getLogger("pms.health")


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
