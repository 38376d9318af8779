"""Reads of MOSIP 1.2's policy-mapping requests and API keys (1.2 catalog §7.5-§7.8):
the revamp lists R24/R25 (§4.1 shapes), a partner's requests R26, a manager's request
reads R27-R29, and the legacy searches R31-R33 (§4.2/§4.3 shapes).

Scope (SPEC §10.2), never MOSIP's missing checks: a partner reads the rows of the
partners it owns, a partner manager those of its groups, PARTNER_ADMIN all; another's id
answers like an unknown one. Key values are never listed.
"""

from __future__ import annotations

from typing import Any, Mapping

from django.db.models import Q, QuerySet

from kernel.actors import Actor
from kernel.roles import Role
from kernel.search import Column, FilterValues, ListPage, SearchPage, SortKey, filter_values, list_page, list_query, search_page
from policies.models import Policy

from ..errors import Keys12Errors, PartnerErrors
from ..models import ApiKeyRequest, Partner, PartnerApiKey, RequestStatus
from ..operations import (
    API_KEYS_LIST,
    KEY_REQUEST_FILTER_VALUES,
    KEY_SEARCH,
    MANAGED_KEY_REQUESTS_READ,
    PARTNER_KEY_REQUESTS_READ,
    POLICY_REQUESTS_LIST,
)
from ..selectors import owns_partner, partners_managed_by, partners_owned_by
from .mapping import stored_status

# R24 leaves the caller's device and FTM providers out (1.2 catalog §4.1).
NOT_POLICY_PARTNERS = ("Device_Provider", "FTM_Provider")
# R25 lists the keys of authentication partners only.
AUTH_PARTNER = "Auth_Partner"

REQUEST_SORT = {
    "partnerId": SortKey("partner_id"), "partnerType": SortKey("partner__partner_type_id"),
    "orgName": SortKey("partner__name"), "policyId": SortKey("policy_id"),
    "policyGroupName": SortKey("policy__policy_group__name"), "policyName": SortKey("policy__name"),
    "status": SortKey("status"), "requestDetail": SortKey("use_case"), "createdDateTime": SortKey("created_at"),
}
REQUEST_FILTERS = {"partnerId": "partner__id", "partnerComment": "use_case", "orgName": "partner__name",
                   "policyId": "policy__id", "policyName": "policy__name",
                   "policyGroupName": "policy__policy_group__name", "partnerType": "partner__partner_type__code"}
KEY_SORT = {
    "partnerId": SortKey("partner_id"), "apiKeyLabel": SortKey("label"), "orgName": SortKey("partner__name"),
    "policyName": SortKey("policy__name"), "policyGroupName": SortKey("policy__policy_group__name"),
    "status": SortKey("is_active", inverted=True), "createdDateTime": SortKey("created_at"),
}
KEY_FILTERS = {"partnerId": "partner__id", "apiKeyLabel": "label", "orgName": "partner__name",
               "policyName": "policy__name", "policyGroupName": "policy__policy_group__name"}


def _text_filters(rows: QuerySet, params: Mapping[str, str], names: Mapping[str, str]) -> QuerySet:
    """The revamp lists' text filters: case-insensitive substrings (§4.1)."""
    for wire, path in names.items():
        value = params.get(wire)
        if value is not None and value != "":
            rows = rows.filter(**{f"{path}__icontains": value})
    return rows


def _visible_partners(actor: Actor, *, excluded_types: tuple[str, ...] = ()) -> QuerySet[Partner] | None:
    """The partners whose rows a revamp list shows the actor; None for all (PARTNER_ADMIN).
    A caller owning no partner (and managing none) is PMS_CERTIFICATE_ERROR_002, one of
    whose listed partners has no policy group PMS_POLICY_ERROR_005, as MOSIP's lists."""
    if actor.is_partner_admin:
        return None
    owned = partners_owned_by(actor)
    if not owned.exists() and not actor.has_role(Role.PARTNERMANAGER):
        raise Keys12Errors.USER_HAS_NO_PARTNER.error()
    owned = owned.exclude(partner_type_id__in=excluded_types)
    if owned.filter(policy_group__isnull=True).exists():
        raise Keys12Errors.PARTNER_WITHOUT_GROUP.error()
    rows = Partner.objects.filter(pk__in=owned.values("pk"))
    if actor.has_role(Role.PARTNERMANAGER):
        rows = rows | Partner.objects.filter(pk__in=partners_managed_by(actor).values("pk"))
    return rows


def list_policy_requests(*, actor: Actor, params: Mapping[str, str]) -> ListPage:
    """R24 (1.2 catalog §7.5): the mapping requests of the partners the caller acts for
    (not its device or FTM providers), made through either generation. ``status`` takes
    either generation's spelling, any case; an unknown value matches nothing."""
    query = list_query(params, REQUEST_SORT)
    with POLICY_REQUESTS_LIST.run(actor=actor) as op:
        rows = ApiKeyRequest.objects.select_related("partner", "partner__partner_type", "policy", "policy__policy_group")
        partners = _visible_partners(actor, excluded_types=NOT_POLICY_PARTNERS)
        if partners is not None:
            rows = rows.filter(partner__in=partners).exclude(partner__partner_type_id__in=NOT_POLICY_PARTNERS)
        rows = _text_filters(rows, params, REQUEST_FILTERS)
        if params.get("status"):
            wanted = stored_status(params["status"])
            rows = rows.filter(status=wanted) if wanted else rows.none()
        page = list_page(rows, query)
        op.description = f"policy mapping requests listed: {page.total}"
    return page


def list_api_keys(*, actor: Actor, params: Mapping[str, str]) -> ListPage:
    """R25 (1.2 catalog §7.6): the API keys of the authentication partners the caller acts
    for, by label, never their values. ``status`` is ``activated`` or ``deactivated``."""
    query = list_query(params, KEY_SORT)
    with API_KEYS_LIST.run(actor=actor) as op:
        rows = (PartnerApiKey.objects.select_related("partner", "policy", "policy__policy_group")
                .filter(partner__partner_type_id=AUTH_PARTNER))
        partners = _visible_partners(actor)
        if partners is not None:
            rows = rows.filter(partner__in=partners)
        rows = _text_filters(rows, params, KEY_FILTERS)
        status = (params.get("status") or "").strip().lower()
        if status:
            rows = rows.filter(is_active=status == "activated") if status in ("activated", "deactivated") else rows.none()
        page = list_page(rows, query)
        op.description = f"API keys listed: {page.total} (no key value given)"
    return page


def partner_key_requests(*, actor: Actor, partner_id: str) -> tuple[list[ApiKeyRequest], dict[str, str]]:
    """R26 (1.2 catalog §7.7): a partner's requests (the caller's own partner; a manager's
    group's; PARTNER_ADMIN any), newest first; none, or another's partner: PMS_PRT_006.
    The key shown with an approved request is its 1.0 key (labelled with the request id);
    a request approved through R21 has none, and answers with a null key where MOSIP
    fails without a code. Values go to the partner's owner only (SPEC §9.11): returns the
    requests and ``{request id: value}``."""
    from .mapping import partners_acted_for

    with PARTNER_KEY_REQUESTS_READ.run(actor=actor, ref_id=partner_id) as op:
        partner = partners_acted_for(actor).filter(pk=partner_id).first()
        rows = (list(ApiKeyRequest.objects.prefetch_related("api_keys").filter(partner=partner)
                     .order_by("-created_at", "id")) if partner is not None else [])
        if not rows:
            raise PartnerErrors.REQUEST_NOT_FOUND.error()
        values: dict[str, str] = {}
        if owns_partner(actor, partner):
            values = {r.id: r.api_key.reveal() for r in rows if r.status == RequestStatus.APPROVED and r.api_key}
        op.description = (f"{len(rows)} request(s) of partner {partner_id} read; "
                          f"{len(values)} key value(s) given to the owner, user {actor.username}")
    return rows, values


def _managed_requests(actor: Actor) -> QuerySet[ApiKeyRequest]:
    return ApiKeyRequest.objects.select_related("partner", "policy").filter(partner__in=partners_managed_by(actor))


def managed_key_requests(*, actor: Actor) -> list[ApiKeyRequest]:
    """R27: every request of the manager's groups (PARTNER_ADMIN: all), newest first; none
    is PMS_PMP_015."""
    with MANAGED_KEY_REQUESTS_READ.run(actor=actor) as op:
        rows = list(_managed_requests(actor).order_by("-created_at", "id"))
        if not rows:
            raise Keys12Errors.NO_KEY_REQUESTS.error()
        op.description = f"{len(rows)} API key request(s) listed"
    return rows


def managed_key_request(*, actor: Actor, request_id: str) -> ApiKeyRequest:
    """R28: one request of the manager's groups by id (MOSIP names the path variable
    ``apikey``; it is the request's id); another group's or unknown: PMS_PMP_015."""
    with MANAGED_KEY_REQUESTS_READ.run(actor=actor, ref_id=request_id):
        request = _managed_requests(actor).filter(pk=request_id).first()
        if request is None:
            raise Keys12Errors.NO_KEY_REQUESTS.error()
    return request


def managed_key_mapping(*, actor: Actor, partner_id: str, api_key: str) -> PartnerApiKey:
    """R29: which policy a partner's key (by value) is mapped to, for a manager of the
    partner's group; not the partner's key, or outside the scope: PMS_PMP_009."""
    with MANAGED_KEY_REQUESTS_READ.run(actor=actor, ref_id=partner_id):
        key = (PartnerApiKey.objects.filter(partner__in=partners_managed_by(actor), partner_id=partner_id)
               .with_value(api_key).first())
        if key is None:
            raise Keys12Errors.KEY_OF_PARTNER_NOT_FOUND.error()
    return key


def _scoped(actor: Actor, rows: QuerySet, partner_path: str) -> QuerySet:
    """Rows of the partners the caller acts for (legacy searches: MOSIP's own ownership
    filter never fires, 1.2 catalog §3.1; here it does)."""
    from .mapping import partners_acted_for

    if actor.is_partner_admin:
        return rows
    return rows.filter(**{f"{partner_path}__in": partners_acted_for(actor)})


REQUEST_COLUMNS = {
    "id": Column("id"), "apikeyRequestId": Column("id"), "partnerId": Column("partner__id"),
    "policyId": Column("policy__id"), "requestDatetimes": Column("created_at", "datetime"),
    "requestDetail": Column("use_case"), "statusCode": Column("status"), "crBy": Column("created_by"),
    "crDtimes": Column("created_at", "datetime"), "updBy": Column("updated_by"),
    "updDtimes": Column("updated_at", "datetime"),
}
KEY_COLUMNS = {
    "label": Column("label"), "partnerId": Column("partner__id"), "policyId": Column("policy__id"),
    "isActive": Column("is_active", "bool"), "crBy": Column("created_by"), "crDtimes": Column("created_at", "datetime"),
    "updBy": Column("updated_by"), "updDtimes": Column("updated_at", "datetime"),
    "validFromDatetime": Column("valid_from", "datetime"), "validToDatetime": Column("valid_to", "datetime"),
}


def _pseudo_filters(request: Mapping[str, Any], names: tuple[str, ...]) -> tuple[dict[str, Any], list[dict]]:
    """Split MOSIP's pseudo-columns (applied apart from the entity's columns) off a search body."""
    filters = request.get("filters") or []
    if not isinstance(filters, list):
        return dict(request), []
    kept, pseudo = [], []
    for entry in filters:
        name = str(entry.get("columnName") or "") if isinstance(entry, Mapping) else ""
        (pseudo if name.strip().lower() in names else kept).append(entry)
    return {**request, "filters": kept}, pseudo


def _pseudo_value(entry: Mapping[str, Any]) -> str:
    value = entry.get("value")
    return "" if value is None else str(value).strip()


def search_key_requests(*, actor: Actor, request: Mapping[str, Any]) -> SearchPage:
    """R31 (1.2 catalog §7.8): the legacy search over requests, in the caller's scope.
    Pseudo-columns: ``partnerName`` (case-insensitive substring), ``policyName``
    (case-insensitive substring; no policy matches: the empty page), ``partnerId`` (exact)
    — applied in the query here, with the same result. ``statusCode`` matches the stored
    spelling and 1.2's (``InProgress``) alike."""
    with KEY_SEARCH.run(actor=actor) as op:
        body, pseudo = _pseudo_filters(request, ("partnername", "policyname", "partnerid"))
        rows = _scoped(actor, ApiKeyRequest.objects.select_related("partner", "policy"), "partner")
        for entry in pseudo:
            name, value = str(entry.get("columnName")).strip().lower(), _pseudo_value(entry)
            if name == "partnername":
                rows = rows.filter(partner__name__icontains=value)
            elif name == "policyname":
                rows = rows.filter(policy__in=Policy.objects.filter(name__icontains=value))
            else:
                rows = rows.filter(partner_id=value)
        body = _status_spellings(body)
        page = search_page(rows, body, REQUEST_COLUMNS, default_order=("-created_at", "id"))
        op.description = f"API key requests searched: {page.total}"
    return page


def _status_spellings(body: Mapping[str, Any]) -> dict[str, Any]:
    """``statusCode`` filter values in 1.2's spelling, read as stored (``InProgress`` →
    ``in-progress``)."""
    filters = []
    for entry in body.get("filters") or []:
        if isinstance(entry, Mapping) and str(entry.get("columnName") or "").strip().lower() == "statuscode":
            entry = dict(entry)
            if isinstance(entry.get("value"), str) and stored_status(entry["value"]):
                entry["value"] = stored_status(entry["value"])
            if isinstance(entry.get("values"), list):
                entry["values"] = [stored_status(v) or v if isinstance(v, str) else v for v in entry["values"]]
        filters.append(entry)
    return {**body, "filters": filters}


def key_request_filter_values(*, actor: Actor, request: Mapping[str, Any]) -> FilterValues:
    """R32 (1.2 catalog §4.3): distinct values of the requests' columns in the caller's
    scope, each with the request's id."""
    with KEY_REQUEST_FILTER_VALUES.run(actor=actor) as op:
        rows = _scoped(actor, ApiKeyRequest.objects.all(), "partner")
        values = filter_values(rows, _status_spellings(request), REQUEST_COLUMNS, code_path="id")
        op.description = f"API key request filter values: {len(values.items)}"
    return values


def search_api_keys(*, actor: Actor, request: Mapping[str, Any]) -> SearchPage:
    """R33 (1.2 catalog §7.8): the legacy search over keys, in the caller's scope, never
    their values. Pseudo-columns ``partnerName``, ``partnerId`` and ``policyName`` are exact
    (an unknown policy name is the empty page, where MOSIP fails without a code)."""
    with KEY_SEARCH.run(actor=actor) as op:
        body, pseudo = _pseudo_filters(request, ("partnername", "policyname", "partnerid"))
        rows = _scoped(actor, PartnerApiKey.objects.select_related("partner", "policy"), "partner")
        for entry in pseudo:
            name, value = str(entry.get("columnName")).strip().lower(), _pseudo_value(entry)
            condition = {"partnername": Q(partner__name__iexact=value), "partnerid": Q(partner_id=value),
                         "policyname": Q(policy__name__iexact=value)}[name]
            rows = rows.filter(condition)
        page = search_page(rows, body, KEY_COLUMNS, default_order=("-created_at", "id"))
        op.description = f"API keys searched: {page.total} (no key value given)"
    return page
