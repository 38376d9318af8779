"""Certificates (SPEC §5 "Partners", §9.12): CA and intermediate certificates per domain,
partner certificates that must chain to them, and this service's signed copy.

Chains are built and checked by ``cryptography.x509.verification`` (no hand-written path
building). MOSIP's certificates often carry only a CN, no subjectAltName and no key-usage
extensions, so the extension policies accept any extensions on the end-entity and only
require basicConstraints on CAs; signatures, validity at the time of upload, issuer and
path constraints are still checked by the library.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes
from cryptography.x509.oid import NameOID
from cryptography.x509.verification import Criticality, ExtensionPolicy, PolicyBuilder, Store, VerificationError
from django.utils import timezone

from events.services import record_event
from kernel.actors import Actor
from kernel.errors import KernelErrors, PmsError
from kernel.keys import server_key
from kernel.records import change, require_text, stamp
from kernel.text import match_choice

from ..errors import CertificateErrors, PartnerErrors
from ..events import PARTNER_UPDATED, partner_data
from ..models import ApprovalStatus, CertificateDomain, PartnerCertificate, TrustedCertificate
from ..operations import CA_CERTIFICATE_UPLOAD, PARTNER_CERTIFICATE_READ, PARTNER_CERTIFICATE_UPLOAD
from ..selectors import partners_owned_by

MIN_RSA_BITS = 2048
ALLOWED_HASHES = (hashes.SHA256, hashes.SHA384, hashes.SHA512)
MAX_CERTIFICATE_CHARS = 64 * 1024


def domain_named(text: str | None) -> str:
    domain = match_choice(text, [d.value for d in CertificateDomain])
    if domain is None:
        raise CertificateErrors.DOMAIN.error()
    return domain


@dataclass(frozen=True)
class ParsedCertificate:
    """Everything the checks and the stored rows use, read once on arrival. The library
    parses names and extensions only when they are first read, so a malformed one (an
    extension that is not valid DER, a UTF8String that is not UTF-8) would otherwise fail
    deep inside a check or while the row is written; here it is KER-PCM-001 up front."""

    certificate: x509.Certificate
    version_supported: bool
    public_key: CertificatePublicKeyTypes | None  # None: a key type the library does not know
    signature_hash: hashes.HashAlgorithm | None  # None: no separate hash (Ed25519) or unknown algorithm
    not_before: dt.datetime
    not_after: dt.datetime
    is_ca: bool
    subject: x509.Name
    subject_text: str
    issuer_text: str
    organization: str
    self_signed: bool
    fingerprint: str
    pem: str


def parse_certificate(data: str | None, field: str = "certificateData") -> ParsedCertificate:
    """A certificate sent as PEM or as base64 of its DER form, every part the service uses
    read now; anything unreadable KER-PCM-001, an X.509 version other than 1-3 KER-PCM-007."""
    text = require_text(data, field, MAX_CERTIFICATE_CHARS)
    try:
        if "-----BEGIN" in text:
            certificate = x509.load_pem_x509_certificate(text.encode())
        else:
            certificate = x509.load_der_x509_certificate(base64.b64decode("".join(text.split()), validate=True))
        return _read(certificate)
    except x509.InvalidVersion:
        raise CertificateErrors.VERSION.error() from None
    except (ValueError, TypeError, x509.DuplicateExtension, x509.UnsupportedGeneralNameType):
        # ValueError covers binascii.Error and UnicodeDecodeError.
        raise CertificateErrors.INVALID.error() from None


def _read(certificate: x509.Certificate) -> ParsedCertificate:
    try:
        public_key = certificate.public_key()
    except UnsupportedAlgorithm:
        public_key = None
    try:
        signature_hash = certificate.signature_hash_algorithm
    except UnsupportedAlgorithm:
        signature_hash = None
    subject, issuer = certificate.subject, certificate.issuer
    der = certificate.public_bytes(serialization.Encoding.DER)
    return ParsedCertificate(
        certificate=certificate, version_supported=certificate.version == x509.Version.v3, public_key=public_key,
        signature_hash=signature_hash, not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc, is_ca=_is_ca(certificate), subject=subject,
        subject_text=subject.rfc4514_string(), issuer_text=issuer.rfc4514_string(), organization=_organization(subject),
        self_signed=issuer == subject and _signed_by_itself(certificate), fingerprint=hashlib.sha256(der).hexdigest(),
        pem=certificate.public_bytes(serialization.Encoding.PEM).decode(),
    )


def _is_ca(certificate: x509.Certificate) -> bool:
    extensions = certificate.extensions  # all of them, so that any malformed one is refused
    try:
        return bool(extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def _organization(subject: x509.Name) -> str:
    for oid in (NameOID.ORGANIZATION_NAME, NameOID.COMMON_NAME):
        values = subject.get_attributes_for_oid(oid)
        if values:
            return str(values[0].value)
    return ""


def _signed_by_itself(certificate: x509.Certificate) -> bool:
    try:
        certificate.verify_directly_issued_by(certificate)
    except (InvalidSignature, UnsupportedAlgorithm, ValueError, TypeError):
        return False
    return True


def _check_quality(certificate: ParsedCertificate) -> None:
    """Version 3, a strong enough key, a SHA-2 signature, and valid now."""
    if not certificate.version_supported:
        raise CertificateErrors.VERSION.error()
    key = certificate.public_key
    if isinstance(key, rsa.RSAPublicKey) and key.key_size < MIN_RSA_BITS:
        raise CertificateErrors.KEY_SIZE.error()
    if not isinstance(key, (rsa.RSAPublicKey, ec.EllipticCurvePublicKey)):
        raise CertificateErrors.ALGORITHM.error()
    if not isinstance(certificate.signature_hash, ALLOWED_HASHES):
        raise CertificateErrors.ALGORITHM.error()
    if not certificate.not_before <= timezone.now() <= certificate.not_after:
        raise CertificateErrors.DATES.error()


def _verifier(domain: str):
    """A client verifier trusting the domain's roots, with its intermediates at hand."""
    trusted = list(TrustedCertificate.objects.filter(domain=domain))
    roots = [x509.load_pem_x509_certificate(t.certificate_pem.encode()) for t in trusted if t.is_root]
    intermediates = [x509.load_pem_x509_certificate(t.certificate_pem.encode()) for t in trusted if not t.is_root]
    if not roots:
        return None, intermediates
    ca_policy = ExtensionPolicy.permit_all().require_present(x509.BasicConstraints, Criticality.AGNOSTIC, None)
    builder = (PolicyBuilder().store(Store(roots)).time(timezone.now())
               .extension_policies(ca_policy=ca_policy, ee_policy=ExtensionPolicy.permit_all()))
    return builder.build_client_verifier(), intermediates


def _require_chain(certificate: ParsedCertificate, domain: str, refusal) -> None:
    """The certificate chains to a stored root of the domain, else ``refusal``."""
    verifier, intermediates = _verifier(domain)
    if verifier is None:
        raise refusal.error()
    try:
        verifier.verify(certificate.certificate, intermediates)
    except (VerificationError, ValueError):
        raise refusal.error() from None


def upload_ca_certificate(*, actor: Actor, certificate_data: str, domain: str) -> TrustedCertificate:
    """``uploadCACertificate``: a root (self-signed CA) or an intermediate that chains to a
    stored root of the same domain (KER-PCM-005). Not a CA, garbage: 001; not valid now:
    004; already stored: 003. Partner admins and partner managers. Audit 130/230/430."""
    with CA_CERTIFICATE_UPLOAD.run(actor=actor) as op:
        domain = domain_named(domain)
        certificate = parse_certificate(certificate_data)
        if not certificate.is_ca:
            raise CertificateErrors.INVALID.error(detail="not a CA certificate (basicConstraints CA is missing)")
        _check_quality(certificate)
        if TrustedCertificate.objects.filter(domain=domain, fingerprint=certificate.fingerprint).exists():
            raise CertificateErrors.EXISTS.error()
        is_root = certificate.self_signed
        if not is_root:
            _require_chain(certificate, domain, CertificateErrors.ROOT_NOT_FOUND)
        row = TrustedCertificate(domain=domain, certificate_pem=certificate.pem, subject=certificate.subject_text,
                                 issuer=certificate.issuer_text, fingerprint=certificate.fingerprint,
                                 not_before=certificate.not_before, not_after=certificate.not_after, is_root=is_root)
        stamp(row, actor, created=True)
        row.save()
        op.ref_id = row.id
        op.description = f"{'root' if is_root else 'intermediate'} certificate of {domain} stored: {row.subject[:200]}"
    return row


def _signed_copy(certificate: ParsedCertificate) -> x509.Certificate:
    """This service's own certificate for the partner's key: same subject and key, issued
    and signed by the server key, never valid longer than the original."""
    key = server_key()
    not_after = min(certificate.not_after, key.certificate.not_valid_after_utc)
    return (
        x509.CertificateBuilder()
        .subject_name(certificate.subject)
        .issuer_name(key.certificate.subject)
        .public_key(certificate.public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(timezone.now() - dt.timedelta(minutes=1))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key), critical=False)
        .sign(key.private_key, hashes.SHA256())
    )


def _the_callers_partner(actor: Actor, partner_id: str | None):
    """The partner a 1.0 certificate call means: the one named, else the caller's only one."""
    owned = partners_owned_by(actor)
    if partner_id:
        return owned.filter(pk=partner_id).first()
    mine = list(owned[:2])
    if len(mine) != 1:
        raise KernelErrors.MISSING_INPUT.error(field="partnerId",
                                               detail="name the partner (you have " + ("none" if not mine else "several") + ")")
    return mine[0]


def check_partner_certificate(*, actor: Actor, certificate_data: str, partner_id: str | None = None,
                              domain: str = "AUTH") -> None:
    """PS6 (1.0 ``PUT /partners/digitalcertificate``): whether the certificate would be
    accepted for the caller's partner; nothing is stored. Any refusal is PMS_PRT_007 with
    the key manager's reason in the message. Audit 269/469."""
    with PARTNER_CERTIFICATE_READ.run(actor=actor, ref_id=partner_id or ""):
        partner = _the_callers_partner(actor, partner_id)
        if partner is None:
            raise PartnerErrors.PARTNER_NOT_FOUND.error()
        try:
            accepted_certificate(partner, certificate_data, domain_named(domain), None)
        except PmsError as exc:
            if exc.code.startswith("KER-PCM"):
                raise PartnerErrors.CERTIFICATE_NOT_VALID.error(detail=f"{exc.code} {exc.message}") from None
            raise


def accepted_certificate(partner, certificate_data: str, domain: str, organization_name: str | None) -> ParsedCertificate:
    """The key manager's checks of a partner certificate (KER-PCM-001/004/006/007/008/013/014)."""
    certificate = parse_certificate(certificate_data)
    _check_quality(certificate)
    if certificate.is_ca:
        raise CertificateErrors.INVALID.error(detail="a CA certificate is not a partner certificate")
    names = {partner.name.strip().lower(), (organization_name or partner.name).strip().lower()}
    if certificate.organization.strip().lower() not in names or (organization_name and len(names) > 1):
        raise CertificateErrors.ORGANIZATION.error()
    _require_chain(certificate, domain, CertificateErrors.CHAIN_NOT_FOUND)
    return certificate


def upload_partner_certificate(*, actor: Actor, partner_id: str | None, certificate_data: str, domain: str,
                               organization_name: str | None = None, legacy: bool = False) -> PartnerCertificate:
    """``uploadPartnerCertificate``: the owner's partner certificate must chain to a trusted
    CA of its domain (KER-PCM-006; a self-signed certificate that is not a stored root fails
    the same way), be valid now (004) with a strong key (013) and a SHA-2 signature (014),
    and name the partner's organisation in its O (or CN) (008). The service then issues
    its own signed copy. The 1.0 form (``legacy``: PS4, ``POST /partners/digitalcertificate``,
    no partner named when the caller has one) answers any certificate refusal as
    PMS_PRT_007 with the reason. Audit 131/231/431."""
    with PARTNER_CERTIFICATE_UPLOAD.run(actor=actor, ref_id=partner_id or "") as op:
        partner = _the_callers_partner(actor, partner_id)
        if partner is None:
            raise PartnerErrors.PARTNER_NOT_FOUND.error()
        partner = partners_owned_by(actor).select_for_update(of=("self",)).get(pk=partner.pk)
        op.ref_id = partner.id
        try:
            certificate = accepted_certificate(partner, certificate_data, domain_named(domain), organization_name)
        except PmsError as exc:
            if legacy and exc.code.startswith("KER-PCM"):
                raise PartnerErrors.CERTIFICATE_NOT_VALID.error(detail=f"{exc.code} {exc.message}") from None
            raise
        domain = domain_named(domain)
        row = store_signed_certificate(actor, partner, certificate, domain)
        approved = approve_in_progress_partner(actor, partner)
        op.description = (f"certificate {row.id} of domain {domain} uploaded and signed"
                          + ("; partner approved" if approved else ""))
    return row


def approve_in_progress_partner(actor: Actor, partner) -> bool:
    """A partner registered through MOSIP 1.2 waits ``InProgress`` and inactive for its
    certificate; its certificate's upload, through either generation's route, approves and
    activates it and tells the subscribers (``PARTNER_UPDATED``). A partner someone
    deactivated stays deactivated (``deactivated_through``); any other partner is left as
    it is. Answers whether it approved."""
    if partner.approval_status != ApprovalStatus.IN_PROGRESS or partner.deactivated_through:
        return False
    change(partner, actor, approval_status=ApprovalStatus.APPROVED, is_active=True)
    record_event(PARTNER_UPDATED, {"partnerData": partner_data(partner)}, publisher="PartnerServiceImpl")
    return True


def signed_copy_pem(certificate: ParsedCertificate) -> str:
    """This service's signed copy of an accepted certificate, as PEM: a partner's (below)
    or an FTM chip's (devices.services.ftm12), one signer for both."""
    return _signed_copy(certificate).public_bytes(serialization.Encoding.PEM).decode()


def certify_certificate(partner, certificate_data: str, domain: str,
                        organization_name: str | None) -> tuple[ParsedCertificate, str]:
    """A certificate checked as the key manager checks a partner's (``accepted_certificate``:
    it chains to the domain's trusted CAs and names the partner's organisation) and this
    service's signed copy of it (PEM); nothing is stored. MOSIP 1.2's FTM chip upload (R96)
    sends its chip certificates through the same check as R14 sends partner ones."""
    certificate = accepted_certificate(partner, certificate_data, domain_named(domain), organization_name)
    return certificate, signed_copy_pem(certificate)


def store_signed_certificate(actor: Actor, partner, certificate: ParsedCertificate, domain: str) -> PartnerCertificate:
    """The accepted certificate and the copy this service signs, stored as the partner's
    newest (current) one; both generations' uploads end here."""
    row = PartnerCertificate(partner=partner, domain=domain, certificate_pem=certificate.pem,
                             signed_certificate_pem=signed_copy_pem(certificate),
                             fingerprint=certificate.fingerprint, not_after=certificate.not_after)
    stamp(row, actor, created=True)
    row.save()
    return row


def current_partner_certificate(*, actor: Actor, partner_id: str) -> PartnerCertificate:
    """``getPartnerCertificate/{id}``: the owner's newest certificate (none: KER-PCM-012).
    Audit 269/469."""
    with PARTNER_CERTIFICATE_READ.run(actor=actor, ref_id=partner_id):
        partner = partners_owned_by(actor).filter(pk=partner_id).first()
        if partner is None:
            raise PartnerErrors.PARTNER_NOT_FOUND.error()
        row = partner.certificates.order_by("-created_at", "-id").first()
        if row is None:
            raise CertificateErrors.NOT_FOUND.error()
    return row
