"""MOSIP 1.2's credential-type mapping (1.2 catalog §7.9, R36, R37) under
``/v1/partnermanager``; the rules are in ``partners.services.credential_types``."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.mosip12 import V1, Mosip12APIView, answer_schema
from kernel.routing import Route
from policies.serializers12 import LocalTimeField
from policies.services.policies12 import POLICY_SCHEMA_URL

from ..operations import CREDENTIAL_TYPE_MAP_12, CREDENTIAL_TYPE_READ_12
from ..services.credential_types import credential_type_policy, map_credential_type
from .key_shapes import TAGS

MAPPED = "Partner, policy and credentialType mapping done successfully."


class CredentialTypePolicy12Out(serializers.Serializer):
    """``PartnerCredentialTypePolicyDto`` (R37): the mapping's partner and type, then its
    policy as R46/R47 show one (``status`` ``PUBLISHED`` when active, else ``DRAFTED``;
    ``validTill`` null: policies here have no end date)."""

    partnerId = serializers.CharField(source="partner_id")
    credentialType = serializers.CharField(source="credential_type")
    policyId = serializers.CharField(source="policy.id")
    policyName = serializers.CharField(source="policy.name")
    policyDesc = serializers.CharField(source="policy.description")
    policyType = serializers.CharField(source="policy.policy_type")
    publishDate = LocalTimeField(source="policy.published_at", allow_null=True)
    validTill = serializers.SerializerMethodField()
    status = serializers.CharField(source="policy.status_12_legacy")
    version = serializers.CharField(source="policy.version")
    schema = serializers.SerializerMethodField()
    is_Active = serializers.BooleanField(source="policy.is_active")
    cr_by = serializers.CharField(source="policy.created_by")
    cr_dtimes = LocalTimeField(source="policy.created_at")
    up_by = serializers.CharField(source="policy.updated_by")
    upd_dtimes = LocalTimeField(source="policy.updated_at")
    policies = serializers.JSONField(source="policy.document")

    def get_validTill(self, row) -> str | None:
        return None

    def get_schema(self, row) -> str | None:
        return POLICY_SCHEMA_URL if row.policy.is_published_12 else None


_READ_EXAMPLE = OpenApiExample("credential type policy", response_only=True, value={
    "id": None, "version": None, "responsetime": "2026-12-05T10:00:00.000Z", "metadata": None, "errors": [],
    "response": {"partnerId": "print-01", "credentialType": "euin", "policyId": "41528930917356",
                 "policyName": "Print Policy", "policyDesc": "e-UIN cards", "policyType": "DataShare",
                 "publishDate": "2026-12-01T09:00:00.000", "validTill": None, "status": "PUBLISHED", "version": "1.0",
                 "schema": POLICY_SCHEMA_URL, "is_Active": True, "cr_by": "policy-manager",
                 "cr_dtimes": "2026-12-01T08:55:00.000", "up_by": "policy-manager",
                 "upd_dtimes": "2026-12-01T09:00:00.000",
                 "policies": {"shareableAttributes": [], "dataSharePolicies": {"typeOfShare": "Direct"}}}})
_MAP_EXAMPLE = OpenApiExample("mapped", response_only=True, value={
    "id": None, "version": None, "responsetime": "2026-12-05T10:00:00.000Z", "metadata": None, "errors": [],
    "response": MAPPED})


class CredentialTypeMapView(Mosip12APIView):
    """R36: map one of the caller's partners' credential type to a policy of its group, by name."""

    answers = {"POST": V1()}
    operations = {"POST": CREDENTIAL_TYPE_MAP_12}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="partnermanager_credential_type_map",
                   summary="R36 — map a partner's credential type to a policy, by the policy's name (MOSIP 1.2)",
                   request=None, examples=[_MAP_EXAMPLE],
                   responses=answer_schema("CredentialTypeMapped", serializers.CharField(), answers["POST"]), tags=TAGS)
    def post(self, request: Request, partner_id: str, cred_type: str, policy_name: str) -> Response:
        map_credential_type(actor=self.actor(request), partner_id=partner_id, credential_type=cred_type,
                            policy_name=policy_name)
        return self.answer(request, MAPPED)


class CredentialTypePolicyView(Mosip12APIView):
    """R37: the policy a partner's credentials of one type are issued under."""

    answers = {"GET": V1()}
    operations = {"GET": CREDENTIAL_TYPE_READ_12}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="partnermanager_credential_type_policy",
                   summary="R37 — the policy mapped to a partner's credential type (MOSIP 1.2)", examples=[_READ_EXAMPLE],
                   responses=answer_schema("CredentialTypePolicy", CredentialTypePolicy12Out, answers["GET"]), tags=TAGS)
    def get(self, request: Request, partner_id: str, cred_type: str) -> Response:
        row = credential_type_policy(actor=self.actor(request), partner_id=partner_id, credential_type=cred_type)
        return self.answer(request, CredentialTypePolicy12Out(row).data)


literal_routes: list[Route] = []
# ``cred_type``, not ``credential_type``: a path parameter named like a credential is taken
# for a secret and redacted from logs (tests/test_log_redaction.py); a credential type is none.
id_routes = [
    Route("/partners/<id12:partner_id>/credentialtype/<id12:cred_type>/policies/<text12:policy_name>",
          CredentialTypeMapView.as_view(), "pm12-credential-type-map"),
    Route("/partners/<id12:partner_id>/credentialtype/<id12:cred_type>/policies",
          CredentialTypePolicyView.as_view(), "pm12-credential-type-policy"),
]
