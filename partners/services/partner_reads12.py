"""MOSIP 1.2's partner lists and admin views (1.2 catalog §5.7, §5.8, §8: R9–R12, R38,
R39, R41, R42), scoped by SPEC §10.2:

- partner roles list only partners they own (R9 even for PARTNER_ADMIN, as in MOSIP; R10
  and R12 every partner for PARTNER_ADMIN);
- PARTNERMANAGER (R41/R42) only the partners of its mapped policy groups;
- the platform's own services (ID authentication, registration processor, resident,
  credential issuance, ID repository) read every partner on R41/R42: they are machine
  clients that validate every partner's requests;
- R38/R39 are PARTNER_ADMIN's, over every partner. MOSIP's R39 first requires the admin
  to own a partner row (PMS_CERTIFICATE_ERROR_002); here an admin need not be a partner,
  so that check is not made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from kernel.actors import Actor
from kernel.errors import KernelErrors
from kernel.roles import Role
from kernel.search import (
    Column,
    FilterValues,
    ListPage,
    SearchPage,
    SortKey,
    filter_values,
    list_page,
    list_query,
    search_page,
)

from ..errors import Certificates12Errors, ManagerErrors, PartnerErrors, Partners12Errors
from ..models import Partner, PartnerCertificate, PartnerType
from ..operations import (
    ADMIN_PARTNERS_READ_12,
    INTERNAL_SERVICES_12,
    OWN_PARTNERS_READ_12,
    PARTNER_FILTER_VALUES_12,
    PARTNER_SEARCH_12,
    PARTNERS_LIST_12,
)
from ..selectors import certificates_of_partner, partners_managed_by, partners_owned_by


def _with_certificate(rows: QuerySet[Partner]) -> QuerySet[Partner]:
    """Each partner with whether it has a certificate and the id of its newest one (MOSIP's
    ``certificate_alias``), in the same query."""
    newest = PartnerCertificate.objects.filter(partner=OuterRef("pk")).order_by("-created_at", "-id")
    return rows.annotate(has_certificate=Exists(newest), certificate_alias=Subquery(newest.values("id")[:1]))


# --- R9: the caller's partners ------------------------------------------------------------

def parse_flag(value: str | None, name: str) -> bool | None:
    if value is None:
        return None
    text = value.strip().lower()
    if text not in ("true", "false"):
        raise KernelErrors.INVALID_INPUT.error(field=name, detail="true or false")
    return text == "true"


def own_partners_12(*, actor: Actor, status: str | None, policy_group_available: bool | None,
                    partner_type: str | None) -> list[Partner]:
    """R9: the caller's own partners (also for PARTNER_ADMIN), by exact approval status
    (required; MOSIP answers HTTP 400 without it, here PMS_COR_002 in the V1 error), with
    or without a policy group, of one type. A caller who owns no partner: PMS_CERTIFICATE_ERROR_002."""
    with OWN_PARTNERS_READ_12.run(actor=actor) as op:
        if status is None:
            raise KernelErrors.INVALID_INPUT.error(field="status", detail="required")
        mine = Partner.objects.select_related("partner_type", "policy_group").filter(owner_id=actor.user_id) \
            if actor.user is not None else Partner.objects.none()
        if not mine.exists():
            raise Certificates12Errors.USER_OWNS_NO_PARTNER.error()
        rows = mine.filter(approval_status=status)
        if policy_group_available is not None:
            rows = rows.filter(policy_group__isnull=not policy_group_available)
        if partner_type:
            rows = rows.filter(partner_type_id=partner_type)
        found = list(rows.order_by("created_at", "id"))
        op.description = f"own partners listed (1.2): {len(found)}"
    return found


# --- R10-R12: legacy search, partner-type search, filter values -----------------------------

PARTNER_COLUMNS = {
    "id": Column("id"), "policyGroupId": Column("policy_group__id"), "name": Column("name"),
    "address": Column("address"), "contactNo": Column("contact_no"), "emailId": Column("email"),
    "certificateAlias": Column("certificate_alias"), "userId": Column("owner__username"),
    "partnerTypeCode": Column("partner_type__code"), "approvalStatus": Column("approval_status"),
    "isActive": Column("is_active", "bool"), "crBy": Column("created_by"), "crDtimes": Column("created_at", "datetime"),
    "updBy": Column("updated_by"), "updDtimes": Column("updated_at", "datetime"), "langCode": Column("lang_code"),
    "logoUrl": Column("logo_url"),
}
PARTNER_TYPE_COLUMNS = {
    "code": Column("code"), "partnerDescription": Column("description"), "isActive": Column("is_active", "bool"),
    "isPolicyRequired": Column("requires_policy_group", "bool"), "crBy": Column("created_by"),
    "crDtimes": Column("created_at", "datetime"), "updBy": Column("updated_by"),
    "updDtimes": Column("updated_at", "datetime"),
}


def _searchable_partners(actor: Actor) -> QuerySet[Partner]:
    return _with_certificate(partners_owned_by(actor).select_related("owner"))


def search_partners_12(*, actor: Actor, request: Mapping[str, Any], partner_type: str) -> SearchPage:
    """R10: the legacy search over the caller's own partners (PARTNER_ADMIN: all);
    ``partnerType`` other than ``all`` adds an exact type filter."""
    with PARTNER_SEARCH_12.run(actor=actor) as op:
        rows = _searchable_partners(actor)
        if partner_type.strip().lower() != "all":
            rows = rows.filter(partner_type__code__iexact=partner_type.strip())
        page = search_page(rows, request, PARTNER_COLUMNS)
        op.description = f"partners searched (1.2): {page.total}"
    return page


def search_partner_types_12(*, request: Mapping[str, Any]) -> SearchPage:
    """R11: the legacy search over the partner types (master data, every caller alike)."""
    return search_page(PartnerType.objects.all(), request, PARTNER_TYPE_COLUMNS)


def partner_filter_values_12(*, actor: Actor, request: Mapping[str, Any]) -> FilterValues:
    """R12: filter values over the caller's own partners (PARTNER_ADMIN: all), code = id."""
    with PARTNER_FILTER_VALUES_12.run(actor=actor):
        return filter_values(_searchable_partners(actor), request, PARTNER_COLUMNS, code_path="id")


# --- R38/R39: PARTNER_ADMIN's views ----------------------------------------------------------

ADMIN_SORT_KEYS = {
    "partnerId": SortKey("id"), "partnerType": SortKey("partner_type_id"), "orgName": SortKey("name"),
    "policyGroupId": SortKey("policy_group_id"), "policyGroupName": SortKey("policy_group__name"),
    "emailAddress": SortKey("email"), "certificateUploadStatus": SortKey("has_certificate", inverted=True),
    "status": SortKey("approval_status"), "isActive": SortKey("is_active", inverted=True),
    "createdDateTime": SortKey("created_at"),
}
ADMIN_TEXT_FILTERS = {"partnerId": "id", "partnerType": "partner_type__code", "orgName": "name",
                      "emailAddress": "email", "policyGroupName": "policy_group__name"}


def admin_partners_12(*, actor: Actor, params: Mapping[str, str]) -> ListPage:
    """R38: every partner, revamp-paged (default page 0 of 8), text filters as
    case-insensitive substrings, ``isActive`` a boolean, ``certificateUploadStatus``
    exactly ``uploaded`` or ``not_uploaded`` (another value matches nothing)."""
    query = list_query(params, ADMIN_SORT_KEYS, default_page=(0, 8))
    with ADMIN_PARTNERS_READ_12.run(actor=actor) as op:
        rows = _with_certificate(Partner.objects.select_related("policy_group"))
        for wire, path in ADMIN_TEXT_FILTERS.items():
            value = params.get(wire)
            if value:
                rows = rows.filter(**{f"{path}__icontains": value.strip()})
        active = parse_flag(params.get("isActive"), "isActive")
        if active is not None:
            rows = rows.filter(is_active=active)
        upload = params.get("certificateUploadStatus")
        if upload:
            upload = upload.strip().lower()
            rows = rows.filter(has_certificate=True) if upload == "uploaded" else \
                rows.filter(has_certificate=False) if upload == "not_uploaded" else rows.none()
        page = list_page(rows, query)
        op.description = f"partners listed by admin (1.2): {page.total}"
    return page


@dataclass(frozen=True)
class PartnerDetails:
    partner: Partner
    certificate: PartnerCertificate | None


# Types MOSIP 1.2 lets go without a policy group on R39; any other type needs one here only
# where this service's type requires it (SPEC §9 decided which do).
def admin_partner_details_12(*, actor: Actor, partner_id: str) -> PartnerDetails:
    """R39: one partner with its owner and newest certificate. Unknown: PMS_PRT_005; a type
    that needs a policy group without one: PMS_POLICY_ERROR_005 (MOSIP says so for every
    type but Device_Provider and FTM_Provider; here the type's own rule decides)."""
    with ADMIN_PARTNERS_READ_12.run(actor=actor, ref_id=partner_id):
        partner = Partner.objects.select_related("partner_type", "policy_group", "owner").filter(pk=partner_id).first()
        if partner is None:
            raise PartnerErrors.PARTNER_NOT_FOUND.error()
        if partner.partner_type.requires_policy_group and partner.policy_group_id is None:
            raise Partners12Errors.GROUP_ID_EMPTY.error()
        certificate = certificates_of_partner(partner).first()
    return PartnerDetails(partner, certificate)


# --- R41/R42: partners by type, for managers and the platform's services ----------------------

def partners_listable_12(actor: Actor) -> QuerySet[Partner]:
    if actor.is_partner_admin or actor.has_role(*INTERNAL_SERVICES_12):
        return Partner.objects.select_related("partner_type", "policy_group")
    if actor.has_role(Role.PARTNERMANAGER):
        return partners_managed_by(actor)
    return Partner.objects.none()


def list_partners_12(*, actor: Actor, partner_type: str | None) -> list[Partner]:
    """R41/R42: the partners the caller may list (module docstring), of one type (exact
    code) when given; none: PMS_PMP_013."""
    with PARTNERS_LIST_12.run(actor=actor) as op:
        rows = partners_listable_12(actor)
        if partner_type:
            rows = rows.filter(partner_type_id=partner_type)
        found = list(rows.order_by("name", "id"))
        if not found:
            raise ManagerErrors.PARTNER_DOES_NOT_EXIST.error()
        op.description = f"partners listed (1.2): {len(found)}"
    return found
