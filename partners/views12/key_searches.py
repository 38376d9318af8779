"""MOSIP 1.2's legacy searches over policy requests and API keys (1.2 catalog §7.8,
R31-R33; shapes §4.2, §4.3), deprecated in MOSIP but served: in the caller's scope
(``partners.services.mapping_reads``), never a key's value."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.mosip12 import V1, Mosip12APIView, answer_schema
from kernel.routing import Route
from kernel.schema import envelope_request

from ..operations import KEY_REQUEST_FILTER_VALUES, KEY_SEARCH
from ..services import mapping_reads
from .key_shapes import (
    FILTER_VALUES_OUT,
    TAGS,
    KeyFilterValues12Request,
    KeySearch12Request,
    KeySearchOut,
    RequestSearchOut,
    search_page_of,
)


class KeyRequestSearchView(Mosip12APIView):
    """R31 (deprecated in MOSIP): legacy search over requests."""

    answers = {"POST": V1()}
    operations = {"POST": KEY_SEARCH}

    @extend_schema(operation_id="partnermanager_api_key_request_search",
                   summary="R31 — search API-key requests (MOSIP 1.2 legacy search)",
                   request=envelope_request("KeyRequestSearch", KeySearch12Request),
                   responses=answer_schema("KeyRequestSearch", search_page_of(RequestSearchOut, "KeyRequestSearchPage"),
                                           answers["POST"]), tags=TAGS)
    def post(self, request: Request) -> Response:
        self.payload(request, KeySearch12Request)
        page = mapping_reads.search_key_requests(actor=self.actor(request), request=self.envelope_of(request)["request"])
        return self.answer(request, page.answer(lambda row: RequestSearchOut(row).data))


class KeyRequestFilterValuesView(Mosip12APIView):
    """R32 (deprecated in MOSIP): filter values over requests."""

    answers = {"POST": V1()}
    operations = {"POST": KEY_REQUEST_FILTER_VALUES}

    @extend_schema(operation_id="partnermanager_api_key_request_filter_values",
                   summary="R32 — filter values of API-key requests (MOSIP 1.2)",
                   request=envelope_request("KeyRequestFilterValues", KeyFilterValues12Request),
                   responses=answer_schema("KeyRequestFilterValues", FILTER_VALUES_OUT, answers["POST"]), tags=TAGS)
    def post(self, request: Request) -> Response:
        self.payload(request, KeyFilterValues12Request)
        values = mapping_reads.key_request_filter_values(actor=self.actor(request),
                                                         request=self.envelope_of(request)["request"])
        return self.answer(request, values.answer())


class ApiKeySearchView(Mosip12APIView):
    """R33 (deprecated in MOSIP): legacy search over keys (never their values)."""

    answers = {"POST": V1()}
    operations = {"POST": KEY_SEARCH}

    @extend_schema(operation_id="partnermanager_api_key_search", summary="R33 — search API keys (MOSIP 1.2 legacy search)",
                   request=envelope_request("ApiKeySearch", KeySearch12Request),
                   responses=answer_schema("ApiKeySearch", search_page_of(KeySearchOut, "ApiKeySearchPage"),
                                           answers["POST"]), tags=TAGS)
    def post(self, request: Request) -> Response:
        self.payload(request, KeySearch12Request)
        page = mapping_reads.search_api_keys(actor=self.actor(request), request=self.envelope_of(request)["request"])
        return self.answer(request, page.answer(lambda key: KeySearchOut(key).data))


literal_routes = [
    Route("/partners/apikey/request/search", KeyRequestSearchView.as_view(), "pm12-api-key-request-search"),
    Route("/partners/apikey/request/filtervalues", KeyRequestFilterValuesView.as_view(),
          "pm12-api-key-request-filter-values"),
    Route("/partners/apikey/search", ApiKeySearchView.as_view(), "pm12-api-key-search"),
]
id_routes: list[Route] = []
