"""MOSIP 1.2's FTM chips (1.2 catalog §13, R93–R102; states §16.9): an FTM provider registers
a chip's make and model, uploads the chip's certificate, a partner admin approves it, the
provider downloads the certificate as its CA signed it and as this service signed it, and
may deactivate the chip for good.

The certificate goes through the partner certificates' one check and one signer
(``partners.services.certificates.certify_certificate``): it must chain to the trusted CAs
of the FTM domain in the one trust store and name the provider's organisation; nothing is
sent to a key manager or a DataShare. ``CA_CERTIFICATE_UPLOADED`` is recorded in the same
transaction, as R14 records it.

Scope (SPEC §10.2, stricter than MOSIP, which checks no ownership on R93, R94, R96, R97 and
R102): a provider acts on the chips of the partners it owns; PARTNER_ADMIN on all. Another
partner's chip answers like an unknown one (PMP_AUT_031, PMS_FTM_ERROR_005, or R97's null),
another's partner like an unknown provider (PMP_AUT_030).

Terminal states (SPEC §10.4): a deactivated chip (approved, then R99) stays deactivated and a
rejected chip is not approved; MOSIP's R95 does both from any state. R95 answers
PMS_FTM_ERROR_007 (already deactivated) and PMS_FTM_ERROR_008 (neither pending approval nor
approved) there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

from cryptography import x509
from django.db import IntegrityError, transaction
from django.db.models import Case, F, QuerySet, Value, When
from django.db.models.functions import Lower
from django.utils import timezone

from kernel.actors import Actor
from kernel.records import change, stamp
from kernel.search import Column, ListPage, SearchPage, SortKey, list_page, list_query, search_page
from partners.errors import CertificateErrors, Certificates12Errors, ManagerErrors
from partners.selectors import partners_owned_by
from partners.services.certificates import certify_certificate, domain_named
from partners.services.certificates12 import publish_ca_certificate_uploaded

from ..errors import FtmChipErrors
from ..models import FTM_CHIP_COUNTS, FtmChipDetail, FtmChipStatus
from ..operations import (
    FTM_CHIP_APPROVAL_12,
    FTM_CHIP_CERTIFICATE_READ_12,
    FTM_CHIP_CERTIFICATE_UPLOAD_12,
    FTM_CHIP_CREATE_12,
    FTM_CHIP_DEACTIVATE_12,
    FTM_CHIP_UPDATE_12,
    FTM_CHIPS_ADMIN_READ_12,
    FTM_CHIPS_READ_12,
)

FTM_PROVIDER_TYPE = "FTM_Provider"
FTM_DOMAIN = "FTM"
DEACTIVATE = "De-Activate"


def chips_in_scope(actor: Actor) -> QuerySet[FtmChipDetail]:
    """The chips the actor may act on: its own partners' (PARTNER_ADMIN: all)."""
    rows = FtmChipDetail.objects.select_related("provider")
    if actor.is_partner_admin:
        return rows
    if actor.user is None:
        return rows.none()
    return rows.filter(provider__owner=actor.user)


def with_status(rows: QuerySet[FtmChipDetail]) -> QuerySet[FtmChipDetail]:
    """The derived status MOSIP's lists filter and sort on (``deactivated`` for an approved
    inactive chip), as ``derived_status``."""
    return rows.annotate(derived_status=Case(
        When(approval_status=FtmChipStatus.APPROVED, is_active=False, then=Value("deactivated")),
        default=F("approval_status")))


def pending_chips() -> QuerySet[FtmChipDetail]:
    """The chips waiting for a partner admin's decision (the back office's queue)."""
    return FtmChipDetail.objects.filter(approval_status=FtmChipStatus.PENDING_APPROVAL)


def _words(text: str) -> str:
    """Make and model as MOSIP compares them: trimmed, inner whitespace collapsed."""
    return " ".join((text or "").split())


def _active_provider(actor: Actor, provider_id: str, *, lock: bool = False):
    """An active FTM provider partner the actor owns (admin: any), else PMP_AUT_030."""
    rows = partners_owned_by(actor).prefetch_related(None)
    if lock:
        rows = rows.select_for_update(of=("self",))
    provider = rows.filter(pk=provider_id).first() if provider_id else None
    if provider is None or not provider.is_active or provider.partner_type_id != FTM_PROVIDER_TYPE:
        raise FtmChipErrors.PROVIDER_NOT_FOUND.error()
    return provider


def _duplicate(provider_id: str, make: str, model: str, *, exclude: str | None = None) -> bool:
    rows = FtmChipDetail.objects.filter(FTM_CHIP_COUNTS, provider_id=provider_id, make=make, model=model)
    return rows.exclude(pk=exclude).exists() if exclude else rows.exists()


def _save_unique(chip: FtmChipDetail) -> None:
    """Save; the partial unique index refuses a chip a concurrent request made first."""
    try:
        with transaction.atomic():
            chip.save()
    except IntegrityError:
        raise FtmChipErrors.CHIP_EXISTS.error() from None


def _locked_chip(actor: Actor, chip_id: str, missing=FtmChipErrors.CHIP_NOT_FOUND) -> FtmChipDetail:
    chip = chips_in_scope(actor).select_for_update(of=("self",)).filter(pk=chip_id).first() if chip_id else None
    if chip is None:
        raise missing.error()
    return chip


def create_chip_12(*, actor: Actor, provider_id: str, make: str, model: str) -> FtmChipDetail:
    """R93: a chip of an active FTM provider the caller owns (PMP_AUT_030), unless the
    provider has one of the same make and model that is neither rejected nor deactivated
    (PMP_AUT_032). It waits for its certificate, inactive. Audit 130/230/430."""
    with FTM_CHIP_CREATE_12.run(actor=actor, ref_id=provider_id) as op:
        provider = _active_provider(actor, provider_id, lock=True)
        make, model = _words(make), _words(model)
        if _duplicate(provider.pk, make, model):
            raise FtmChipErrors.CHIP_EXISTS.error()
        chip = FtmChipDetail(provider=provider, make=make, model=model, partner_org_name=provider.name)
        stamp(chip, actor, created=True)
        _save_unique(chip)
        op.ref_id = chip.id
        op.description = f"FTM chip {chip.id} ({make} {model}) registered for {provider.id}"
    return chip


def update_chip_12(*, actor: Actor, chip_id: str, make: str, model: str) -> FtmChipDetail:
    """R94 (deprecated): a new make and model for a chip in scope (PMP_AUT_031; another of
    the provider's chips has them: PMP_AUT_032). A deactivated chip stays as it is
    (PMS_FTM_ERROR_007); a provider a partner admin deactivated renames nothing
    (PMS_PMP_016, beyond MOSIP; PARTNER_ADMIN still may). Audit 131/231/431."""
    with FTM_CHIP_UPDATE_12.run(actor=actor, ref_id=chip_id) as op:
        chip = _locked_chip(actor, chip_id)
        if not actor.is_partner_admin and not chip.provider.is_active:
            raise ManagerErrors.PARTNER_INACTIVE.error()
        if chip.is_deactivated:
            raise FtmChipErrors.ALREADY_DEACTIVATED.error()
        make, model = _words(make), _words(model)
        if chip.approval_status != FtmChipStatus.REJECTED and _duplicate(chip.provider_id, make, model, exclude=chip.pk):
            raise FtmChipErrors.CHIP_EXISTS.error()
        if chip.make != make or chip.model != model:
            chip.make, chip.model = make, model
            stamp(chip, actor)
            _save_unique(chip)
        op.description = f"FTM chip {chip.id} is now {make} {model}"
    return chip


def decide_chip_12(*, actor: Actor, chip_id: str, approve: bool) -> FtmChipDetail:
    """R95 (partner admin): approve (approved and active; no certificate: PMP_AUT_033) or
    reject (rejected, inactive). Unlike MOSIP, a deactivated chip stays so
    (PMS_FTM_ERROR_007) and a rejected chip is not approved (PMS_FTM_ERROR_008); the
    current decision again changes nothing. Audit 132/232/432."""
    with FTM_CHIP_APPROVAL_12.run(actor=actor, ref_id=chip_id) as op:
        chip = _locked_chip(actor, chip_id)
        if chip.is_deactivated:
            raise FtmChipErrors.ALREADY_DEACTIVATED.error()
        if approve:
            if not chip.has_certificate:
                raise FtmChipErrors.NO_CERTIFICATE.error()
            if chip.approval_status == FtmChipStatus.REJECTED:
                raise FtmChipErrors.DOWNLOAD_STATUS.error()
            change(chip, actor, approval_status=FtmChipStatus.APPROVED, is_active=True)
        else:
            change(chip, actor, approval_status=FtmChipStatus.REJECTED, is_active=False)
        op.description = f"FTM chip {chip.id} {'approved' if approve else 'rejected'}"
    return chip


@dataclass(frozen=True)
class UploadedChipCertificate:
    """R96's outcome: the chip and the MOSIP-signed certificate (PEM)."""

    chip: FtmChipDetail
    signed_pem: str


def upload_chip_certificate_12(*, actor: Actor, provider_id: str, chip_id: str, certificate_data: str,
                               organization_name: str, domain: str) -> UploadedChipCertificate:
    """R96: the chip's certificate, from its provider (active, owned: PMP_AUT_030) for a chip
    in scope (PMP_AUT_031) of that provider (PMP_AUT_034) that waits for its certificate or
    is approved (PMP_AUT_038; approved and deactivated: PMP_AUT_039). The certificate is
    checked as a partner certificate of the FTM domain (KER-PCM-*: it chains to the FTM
    domain's trusted CAs and names the provider's organisation, which ``organizationName``
    must be too; another domain: KER-PCM-011) and signed by this service. The chip then waits
    for approval, inactive, also when it was approved (§16.9). Records
    ``CA_CERTIFICATE_UPLOADED``. Audit 133/233/433."""
    with FTM_CHIP_CERTIFICATE_UPLOAD_12.run(actor=actor, ref_id=chip_id) as op:
        provider = _active_provider(actor, provider_id)
        chip = _locked_chip(actor, chip_id)
        if chip.provider_id != provider.pk:
            raise FtmChipErrors.NOT_PROVIDERS_CHIP.error()
        if chip.is_deactivated:
            raise FtmChipErrors.UPLOAD_DEACTIVATED.error()
        if chip.approval_status not in (FtmChipStatus.PENDING_CERT_UPLOAD, FtmChipStatus.APPROVED):
            raise FtmChipErrors.UPLOAD_STATUS.error()
        if domain_named(domain) != FTM_DOMAIN:
            raise CertificateErrors.DOMAIN.error(detail="an FTM chip's certificate is of the FTM domain")
        certificate, signed_pem = certify_certificate(provider, certificate_data, FTM_DOMAIN, organization_name)
        signed = x509.load_pem_x509_certificate(signed_pem.encode())
        change(chip, actor, certificate_pem=certificate.pem, signed_certificate_pem=signed_pem,
               certificate_fingerprint=certificate.fingerprint, certificate_not_before=signed.not_valid_before_utc,
               certificate_not_after=certificate.not_after, certificate_uploaded_at=timezone.now(),
               approval_status=FtmChipStatus.PENDING_APPROVAL, is_active=False)
        publish_ca_certificate_uploaded(FTM_DOMAIN)
        op.description = f"certificate of FTM chip {chip.id} checked and signed; the chip waits for approval"
    return UploadedChipCertificate(chip, signed_pem)


def chip_certificate_12(*, actor: Actor, chip_id: str) -> FtmChipDetail | None:
    """R97 (legacy): a chip in scope with its certificate (None for an unknown chip, as
    MOSIP answers; no certificate: PMP_AUT_033). Audit 235/435."""
    with FTM_CHIP_CERTIFICATE_READ_12.run(actor=actor, ref_id=chip_id):
        chip = chips_in_scope(actor).filter(pk=chip_id).first()
        if chip is not None and not chip.has_certificate:
            raise FtmChipErrors.NO_CERTIFICATE.error()
    return chip


def _owns_a_partner(actor: Actor) -> bool:
    return actor.user is not None and partners_owned_by(actor).filter(owner=actor.user).exists()


def _chip_for_provider_route(actor: Actor, chip_id: str, *, lock: bool = False) -> FtmChipDetail:
    """R98/R99's common checks: the caller owns a partner (PMS_CERTIFICATE_ERROR_002), the
    id (PMS_FTM_ERROR_004), a chip in scope (005), its provider active for a non-admin
    (PMS_PMP_016)."""
    if not _owns_a_partner(actor):
        raise Certificates12Errors.USER_OWNS_NO_PARTNER.error()
    if not chip_id or not chip_id.strip():
        raise FtmChipErrors.FTM_ID_INVALID.error()
    rows = chips_in_scope(actor)
    if lock:
        rows = rows.select_for_update(of=("self",))
    chip = rows.filter(pk=chip_id).first()
    if chip is None:
        raise FtmChipErrors.FTM_NOT_FOUND.error()
    if not actor.is_partner_admin and not chip.provider.is_active:
        raise ManagerErrors.PARTNER_INACTIVE.error()
    return chip


@dataclass(frozen=True)
class ChipCertificates:
    """R98's answer: each certificate's PEM (``""`` once expired), its validity and flag."""

    ca_signed: str
    ca_signed_not_before: dt.datetime
    ca_signed_not_after: dt.datetime
    ca_signed_expired: bool
    mosip_signed: str
    mosip_signed_not_before: dt.datetime
    mosip_signed_not_after: dt.datetime
    mosip_signed_expired: bool


def chip_certificates_12(*, actor: Actor, chip_id: str) -> ChipCertificates:
    """R98: the chip's certificate as its CA signed it and as this service signed it, with
    their validity; an expired one's data is ``""`` and its flag set. Only for a chip
    pending approval or approved (PMS_FTM_ERROR_008) and not deactivated (009). Audit 235/435."""
    with FTM_CHIP_CERTIFICATE_READ_12.run(actor=actor, ref_id=chip_id):
        chip = _chip_for_provider_route(actor, chip_id)
        if chip.is_deactivated:
            raise FtmChipErrors.DOWNLOAD_DEACTIVATED.error()
        if chip.approval_status not in (FtmChipStatus.PENDING_APPROVAL, FtmChipStatus.APPROVED):
            raise FtmChipErrors.DOWNLOAD_STATUS.error()
        now = timezone.now()
        original = x509.load_pem_x509_certificate(chip.certificate_pem.encode())
        signed = x509.load_pem_x509_certificate(chip.signed_certificate_pem.encode())
        ca_expired, mosip_expired = original.not_valid_after_utc < now, signed.not_valid_after_utc < now
    return ChipCertificates("" if ca_expired else chip.certificate_pem, original.not_valid_before_utc,
                            original.not_valid_after_utc, ca_expired,
                            "" if mosip_expired else chip.signed_certificate_pem, signed.not_valid_before_utc,
                            signed.not_valid_after_utc, mosip_expired)


def deactivate_chip_12(*, actor: Actor, chip_id: str, status: Any) -> FtmChipDetail:
    """R99: deactivate an approved, active chip for good. In MOSIP's order: the status must
    be ``De-Activate`` (PMS_DEVICE_ERROR_026), then R98's checks, then approved
    (PMS_FTM_ERROR_010) and still active (007). Audit 134/234/434."""
    with FTM_CHIP_DEACTIVATE_12.run(actor=actor, ref_id=chip_id) as op:
        if status != DEACTIVATE:
            raise FtmChipErrors.STATUS_VALUE.error()
        chip = _chip_for_provider_route(actor, chip_id, lock=True)
        if chip.approval_status != FtmChipStatus.APPROVED:
            raise FtmChipErrors.NOT_APPROVED.error()
        if not chip.is_active:
            raise FtmChipErrors.ALREADY_DEACTIVATED.error()
        change(chip, actor, is_active=False)
        op.description = f"FTM chip {chip.id} deactivated for good"
    return chip


def chips_of_caller_12(*, actor: Actor) -> list[FtmChipDetail]:
    """R100: every chip of the FTM provider partners the caller itself owns (also for a
    partner admin, as MOSIP), newest first; none: ``[]``. Audit 236/436."""
    with FTM_CHIPS_READ_12.run(actor=actor) as op:
        if actor.user is None:
            return []
        rows = list(FtmChipDetail.objects.select_related("provider")
                    .filter(provider__owner=actor.user, provider__partner_type_id=FTM_PROVIDER_TYPE)
                    .order_by("-created_at", "id"))
        op.description = f"FTM chips listed: {len(rows)}"
    return rows


ADMIN_SORT_KEYS = {
    "partnerId": SortKey("provider_id"), "orgName": SortKey("partner_org_name"), "ftmId": SortKey("id"),
    "make": SortKey("make"), "model": SortKey("model"), "status": SortKey("derived_status"),
    "createdDateTime": SortKey("created_at"),
}
ADMIN_TEXT_FILTERS = {"partnerId": "provider__id", "orgName": "partner_org_name", "ftmId": "id", "make": "make",
                      "model": "model"}
ADMIN_STATUSES = ("approved", "rejected", "pending_cert_upload", "pending_approval", "deactivated")


def admin_chips_12(*, actor: Actor, params: Mapping[str, str]) -> ListPage:
    """R101 (partner admin): every chip, paged (default page 0 of 8), text filters as
    case-insensitive substrings, ``status`` exactly one of the derived statuses (any other
    value matches nothing). Audit 236/436."""
    query = list_query(params, ADMIN_SORT_KEYS, default_page=(0, 8))
    with FTM_CHIPS_ADMIN_READ_12.run(actor=actor) as op:
        rows = with_status(chips_in_scope(actor))
        for wire, path in ADMIN_TEXT_FILTERS.items():
            value = params.get(wire)
            if value:
                rows = rows.filter(**{f"{path}__icontains": value.strip()})
        status = params.get("status")
        if status:
            status = status.strip().lower()
            rows = rows.filter(derived_status=status) if status in ADMIN_STATUSES else rows.none()
        page = list_page(rows, query)
        op.description = f"FTM chips listed by admin: {page.total}"
    return page


# R102's columns: ``FTPChipDetail``'s attributes. Nothing is ever deleted here, so
# ``isDeleted`` is always false and ``delDtimes`` null.
SEARCH_COLUMNS = {
    "ftpChipDetailId": Column("id"), "ftpProviderId": Column("provider__id"), "make": Column("make"),
    "model": Column("model"), "certificateAlias": Column("certificate_fingerprint"),
    "partnerOrganizationName": Column("partner_org_name"), "approvalStatus": Column("approval_status"),
    "isActive": Column("is_active", "bool"), "crBy": Column("created_by"), "crDtimes": Column("created_at", "datetime"),
    "updBy": Column("updated_by"), "updDtimes": Column("updated_at", "datetime"),
}
UNPAGED = {"pageStart": 0, "pageFetch": 10 ** 9}


def search_chips_12(*, actor: Actor, request: Mapping[str, Any]) -> SearchPage:
    """R102 (deprecated): the legacy search over the chips in scope, **unpaged** as MOSIP's
    (whatever ``pagination`` says: every match). Audit 236/436."""
    with FTM_CHIPS_READ_12.run(actor=actor) as op:
        body = {**request, "pagination": UNPAGED}
        page = search_page(chips_in_scope(actor), body, SEARCH_COLUMNS, default_order=(Lower("make").asc(), "id"))
        op.description = f"FTM chips searched: {page.total}"
    return page
