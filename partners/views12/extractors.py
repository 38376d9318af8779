"""MOSIP 1.2's biometric extractors of a partner's policy (1.2 catalog §7.9, R34, R35)
under ``/v1/partnermanager``; the rules are in ``partners.services.extractors``."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.mosip12 import V1, Mosip12APIView, answer_schema
from kernel.routing import Route
from kernel.schema import envelope_request
from kernel.serializers import PARTNER_DTO, MosipRequestSerializer

from ..operations import EXTRACTORS_ADD_12, EXTRACTORS_READ_12
from ..services.extractors import extractors_of_12, upsert_extractors_12
from .key_shapes import ECHO, TAGS


class Extractor12In(MosipRequestSerializer):
    bean_messages = PARTNER_DTO

    provider = serializers.CharField(max_length=128)
    version = serializers.CharField(max_length=64)


class ExtractorItem12In(MosipRequestSerializer):
    bean_messages = PARTNER_DTO

    attributeName = serializers.CharField(max_length=128)
    biometric = serializers.CharField(max_length=64)
    extractor = Extractor12In()


class Extractors12Request(MosipRequestSerializer):
    """R34 ``{extractors: [{attributeName, biometric, extractor: {provider, version}}]}``;
    [ON] sends ``{attributeName: "photo", biometric: "face", extractor: {provider:
    "t5-face-lowres", version: "1.1"}}``."""

    bean_messages = PARTNER_DTO

    extractors = ExtractorItem12In(many=True)


class Extractor12Out(serializers.Serializer):
    attributeName = serializers.CharField(source="attribute_name")
    biometric = serializers.CharField()
    extractor = serializers.SerializerMethodField()

    def get_extractor(self, row) -> dict:
        return {"provider": row.provider, "version": row.version}


class ExtractorsView(Mosip12APIView):
    """R34 (add or replace, per attribute) and R35 (read)."""

    answers = {"POST": ECHO, "GET": V1()}
    operations = {"POST": EXTRACTORS_ADD_12, "GET": EXTRACTORS_READ_12}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="partnermanager_bioextractors_add",
                   summary="R34 — add or replace a partner's biometric extractors for a policy (MOSIP 1.2)",
                   request=envelope_request("Extractors12", Extractors12Request),
                   responses=answer_schema("Extractors12Added", serializers.CharField(), answers["POST"]), tags=TAGS)
    def post(self, request: Request, partner_id: str, policy_id: str) -> Response:
        data = self.payload(request, Extractors12Request)
        upsert_extractors_12(actor=self.actor(request), partner_id=partner_id, policy_id=policy_id,
                             extractors=data["extractors"])
        return self.answer(request, "Extractors added successfully.")

    @extend_schema(operation_id="partnermanager_bioextractors",
                   summary="R35 — a partner's biometric extractors for a policy (MOSIP 1.2)",
                   responses=answer_schema("Extractors12", inline_serializer(name="Extractors12", fields={
                       "extractors": Extractor12Out(many=True)}), answers["GET"]), tags=TAGS)
    def get(self, request: Request, partner_id: str, policy_id: str) -> Response:
        rows = extractors_of_12(actor=self.actor(request), partner_id=partner_id, policy_id=policy_id)
        return self.answer(request, {"extractors": Extractor12Out(rows, many=True).data})


literal_routes: list[Route] = []
id_routes = [
    Route("/partners/<id12:partner_id>/bioextractors/<id12:policy_id>", ExtractorsView.as_view(), "pm12-bioextractors"),
]
