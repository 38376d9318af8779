"""MOSIP 1.2's certificate and trust-store services (1.2 catalog §6, §16.1, §17.1) on the
one certificate store of ``partners.services.certificates``: the same ``TrustedCertificate``
and ``PartnerCertificate`` rows, the same checks (the key manager's KER-PCM codes), the same
embedded signer. Nothing is sent to a key manager or a DataShare.

Scope (SPEC §10.2): MOSIP's R15 reads any partner's certificate; here a partner reads only
the partners it owns, the platform's services (ID authentication, credential issuance,
share creation) any partner's, a partner admin all; any other partner's id answers like an
unknown one (PMS_PRT_005).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Mapping

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID
from django.db.models import Q, QuerySet
from django.utils import timezone

from events.services import record_event
from kernel.actors import Actor
from kernel.records import change
from kernel.roles import Role
from kernel.search import ListPage, ListQuery, list_page

from ..errors import CertificateErrors, Certificates12Errors, ManagerErrors, PartnerErrors
from ..events import CA_CERTIFICATE_UPLOADED, PARTNER_UPDATED, partner_data
from ..models import ApprovalStatus, DeactivatedThrough, Partner, PartnerCertificate, TrustedCertificate
from ..operations import (
    PARTNER_CERTIFICATE_READ_12,
    PARTNER_CERTIFICATE_UPLOAD_12,
    PARTNER_CERTIFICATES_LIST_12,
)
from ..selectors import certificates_of_partner, partners_owned_by
from .certificates import accepted_certificate, domain_named, store_signed_certificate

# MOSIP's WebSub publisher of R14's events is its partner service implementation.
PUBLISHER = "PartnerServiceImpl"
# The platform's services that read any partner's certificate (R15; R16 first wants the
# caller to own a partner, as MOSIP): they verify what partners sign, and are sent each
# partner's certificate in PARTNER_UPDATED anyway.
CERTIFICATE_READERS = (Role.ID_AUTHENTICATION, Role.CREDENTIAL_ISSUANCE, Role.CREATE_SHARE)


def _partners_readable_by(actor: Actor) -> QuerySet[Partner]:
    if actor.has_role(*CERTIFICATE_READERS):
        return Partner.objects.select_related("partner_type")
    return partners_owned_by(actor)


def _mine(actor: Actor) -> QuerySet[Partner]:
    """The partners the caller itself owns (MOSIP's ``findByUserId``; admins included)."""
    if actor.user is None:
        return Partner.objects.none()
    return Partner.objects.select_related("partner_type").filter(owner=actor.user)


def is_deactivated(partner: Partner) -> bool:
    """Approved and then deactivated: MOSIP 1.2's terminal state (catalog §16.1); and any
    partner R40 deactivated, which stays so for both generations (SPEC §10.4,
    partners.services.activation)."""
    return not partner.is_active and (partner.approval_status == ApprovalStatus.APPROVED
                                      or partner.deactivated_through == DeactivatedThrough.V1_2)


def upload_partner_certificate_12(*, actor: Actor, partner_id: str, certificate_data: str,
                                  domain: str) -> PartnerCertificate:
    """R14: the owner's (or a partner admin's) upload of a partner certificate, checked as
    the 1.0 upload is (KER-PCM-*), with the partner's own name as the organisation. An
    ``InProgress`` partner becomes ``approved`` and active; an approved and deactivated one is
    refused (PMS_PMP_016); a type that needs a policy group without one, PMS_PRT_054. A
    re-upload replaces the current certificate. ``PARTNER_UPDATED`` and
    ``CA_CERTIFICATE_UPLOADED`` are recorded in the same transaction (catalog §17.1).
    Audit 131/231/431."""
    with PARTNER_CERTIFICATE_UPLOAD_12.run(actor=actor, ref_id=partner_id) as op:
        partner = (partners_owned_by(actor).select_for_update(of=("self",)).prefetch_related(None)
                   .filter(pk=partner_id).first())
        if partner is None:
            raise PartnerErrors.PARTNER_NOT_FOUND.error()
        if is_deactivated(partner) or not (partner.approval_status == ApprovalStatus.IN_PROGRESS or partner.is_active):
            raise ManagerErrors.PARTNER_INACTIVE.error()
        if partner.partner_type.requires_policy_group and partner.policy_group_id is None:
            raise Certificates12Errors.NO_POLICY_GROUP.error()
        domain = domain_named(domain)
        certificate = accepted_certificate(partner, certificate_data, domain, None)
        row = store_signed_certificate(actor, partner, certificate, domain)
        approved = change(partner, actor, approval_status=ApprovalStatus.APPROVED, is_active=True)
        record_event(PARTNER_UPDATED, {"partnerData": partner_data(partner)}, publisher=PUBLISHER)
        publish_ca_certificate_uploaded(domain)
        op.description = (f"certificate {row.id} of domain {domain} uploaded and signed"
                          + ("; partner approved" if approved else ""))
    return row


def publish_ca_certificate_uploaded(domain: str) -> None:
    """``CA_CERTIFICATE_UPLOADED`` (1.2 catalog §17.1) after a certificate of ``domain`` was
    accepted: R14 and the FTM chip upload (R96, devices.services.ftm12) record it in their
    transaction. No DataShare here: subscribers find the CA chain in this service's trust
    store (docs/api-tour-1.2.md), so the URL MOSIP would put here is null."""
    record_event(CA_CERTIFICATE_UPLOADED, {"certChainDatashareUrl": None, "partnerDomain": domain},
                 publisher=PUBLISHER)


def _certificate_of(actor: Actor, partner_id: str) -> tuple[Partner, PartnerCertificate]:
    partner = _partners_readable_by(actor).filter(pk=partner_id).first()
    if partner is None:
        raise PartnerErrors.PARTNER_NOT_FOUND.error()
    row = certificates_of_partner(partner).first()
    if row is None:
        raise Certificates12Errors.NOT_UPLOADED.error()
    return partner, row


def partner_certificate_12(*, actor: Actor, partner_id: str) -> PartnerCertificate:
    """R15: the partner's current MOSIP-signed certificate (unknown, or not the caller's:
    PMS_PRT_005; none uploaded: PMS_PRT_108). Audit 269/469."""
    with PARTNER_CERTIFICATE_READ_12.run(actor=actor, ref_id=partner_id):
        _partner, row = _certificate_of(actor, partner_id)
    return row


@dataclass(frozen=True)
class CertificatePair:
    """R16's answer: each certificate's PEM, or ``""`` once it has expired."""

    ca_signed: str
    ca_signed_expired: bool
    mosip_signed: str
    mosip_signed_expired: bool


def _not_after(pem: str) -> dt.datetime:
    return x509.load_pem_x509_certificate(pem.encode()).not_valid_after_utc


def original_and_signed_certificates(*, actor: Actor, partner_id: str) -> CertificatePair:
    """R16: the certificate as the partner's CA signed it and as this service signed it, an
    expired one replaced by ``""`` with its flag set. The caller must own a partner
    (PMS_CERTIFICATE_ERROR_002); then as R15; a deactivated partner's certificates are not
    given out (PMS_CERTIFICATE_ERROR_009). Audit 269/469."""
    with PARTNER_CERTIFICATE_READ_12.run(actor=actor, ref_id=partner_id):
        if not _mine(actor).exists():
            raise Certificates12Errors.USER_OWNS_NO_PARTNER.error()
        partner, row = _certificate_of(actor, partner_id)
        if is_deactivated(partner):
            raise Certificates12Errors.DEACTIVATED_PARTNER.error()
        now = timezone.now()
        ca_expired = _not_after(row.certificate_pem) < now
        mosip_expired = _not_after(row.signed_certificate_pem) < now
    return CertificatePair("" if ca_expired else row.certificate_pem, ca_expired,
                           "" if mosip_expired else row.signed_certificate_pem, mosip_expired)


@dataclass(frozen=True)
class PartnerCertificateSummary:
    """One entry of R17."""

    partner: Partner
    issued_to: str | None
    not_before: dt.datetime | None
    not_after: dt.datetime | None

    @property
    def available(self) -> bool:
        return self.not_after is not None


def _common_name(certificate: x509.Certificate) -> str | None:
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else None


def certificates_of_caller(*, actor: Actor) -> list[PartnerCertificateSummary]:
    """R17: one entry per partner the caller owns (none: PMS_CERTIFICATE_ERROR_002), with its
    current MOSIP-signed certificate's subject CN and validity, if it has one. Audit 269/469."""
    with PARTNER_CERTIFICATES_LIST_12.run(actor=actor):
        partners = list(_mine(actor).order_by("created_at", "id"))
        if not partners:
            raise Certificates12Errors.USER_OWNS_NO_PARTNER.error()
        current: dict[str, PartnerCertificate] = {}
        for row in (PartnerCertificate.objects.filter(partner__in=partners).only("partner_id", "signed_certificate_pem")
                    .order_by("partner_id", "-created_at", "-id")):
            current.setdefault(row.partner_id, row)
        entries = []
        for partner in partners:
            row = current.get(partner.id)
            if row is None:
                entries.append(PartnerCertificateSummary(partner, None, None, None))
                continue
            signed = x509.load_pem_x509_certificate(row.signed_certificate_pem.encode())
            entries.append(PartnerCertificateSummary(partner, _common_name(signed), signed.not_valid_before_utc,
                                                     signed.not_valid_after_utc))
    return entries


# --- the trust store (R18, R19) ---------------------------------------------------------

def trust_certificate_type(row: TrustedCertificate) -> str:
    return "ROOT" if row.is_root else "INTERMEDIATE"


def thumbprint(row: TrustedCertificate) -> str:
    """The key manager's ``certThumbprint``: the SHA-1 of the certificate's DER, in hex."""
    der = x509.load_pem_x509_certificate(row.certificate_pem.encode()).public_bytes(serialization.Encoding.DER)
    return hashlib.sha1(der, usedforsecurity=False).hexdigest()


def trusted_certificates_page(*, actor: Actor, filters: Mapping[str, str], query: ListQuery) -> ListPage:
    """R18: the trust store's CA and intermediate certificates, filtered as the key manager
    filters them (type and domain exact, case-insensitive; id, subject and issuer
    substrings) and paged (1.2 catalog §4.1). Not audited (``TRUST_CERTIFICATES_READ_12``:
    CA certificates are public); who may call it is the operation's, checked by the view."""
    rows = TrustedCertificate.objects.all()
    kind = (filters.get("caCertificateType") or "").strip().upper()
    if kind:
        rows = rows.filter(is_root=kind == "ROOT") if kind in ("ROOT", "INTERMEDIATE") else rows.none()
    if filters.get("partnerDomain"):
        rows = rows.filter(domain__iexact=filters["partnerDomain"].strip())
    for wire, path in (("certificateId", "id"), ("issuedTo", "subject"), ("issuedBy", "issuer")):
        if filters.get(wire):
            rows = rows.filter(Q(**{f"{path}__icontains": filters[wire].strip()}))
    return list_page(rows, query)


def _issuer_of(certificate: x509.Certificate, candidates: list[x509.Certificate]) -> x509.Certificate | None:
    for candidate in candidates:
        if candidate.subject != certificate.issuer:
            continue
        try:
            certificate.verify_directly_issued_by(candidate)
        except (InvalidSignature, UnsupportedAlgorithm, ValueError, TypeError):
            continue
        return candidate
    return None


def trust_chain_p7b(*, actor: Actor, certificate_id: str) -> bytes:
    """R19: the trusted certificate and the stored certificates above it (its issuer, up to
    a root of the same domain) as a PKCS#7 certificate bundle (DER). Unknown id: KER-PCM-012,
    as the key manager answers for an unknown certificate id. Not audited, as R18."""
    if not certificate_id or not certificate_id.strip():
        raise Certificates12Errors.TRUST_CERTIFICATE_ID.error()
    row = TrustedCertificate.objects.filter(pk=certificate_id).first()
    if row is None:
        raise CertificateErrors.NOT_FOUND.error()
    store = [x509.load_pem_x509_certificate(t.certificate_pem.encode())
             for t in TrustedCertificate.objects.filter(domain=row.domain).exclude(pk=row.pk)]
    chain = [x509.load_pem_x509_certificate(row.certificate_pem.encode())]
    while chain[-1].issuer != chain[-1].subject and len(chain) <= len(store):
        issuer = _issuer_of(chain[-1], [c for c in store if c not in chain])
        if issuer is None:
            break
        chain.append(issuer)
    return pkcs7.serialize_certificates(chain, serialization.Encoding.DER)
