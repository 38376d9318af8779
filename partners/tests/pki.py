"""A small PKI for certificate tests: MOSIP-style certificates (CN and O only, no SAN)."""

from __future__ import annotations

import base64
import datetime as dt
from functools import lru_cache

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtensionOID, NameOID


@lru_cache(maxsize=16)
def key(name: str, bits: int = 2048) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def _name(cn: str, org: str | None = None) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    if org:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    return x509.Name(attributes)


def certificate(cn, *, issuer_cn=None, issuer_key=None, subject_key=None, ca=False, org=None, days=365, starts=-1,
                algorithm=None) -> x509.Certificate:
    subject_key = subject_key or key(cn)
    now = dt.datetime.now(dt.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(_name(cn, org)).issuer_name(_name(issuer_cn or cn))
               .public_key(subject_key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now + dt.timedelta(days=starts)).not_valid_after(now + dt.timedelta(days=days)))
    if ca:
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    return builder.sign(issuer_key or subject_key, algorithm or hashes.SHA256())


def pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def der_b64(cert: x509.Certificate) -> str:
    return base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()


def root_ca():
    return certificate("Airtel Root CA", ca=True, days=3650)


def intermediate_ca():
    return certificate("Airtel Sub CA", issuer_cn="Airtel Root CA", issuer_key=key("Airtel Root CA"), ca=True, days=1825)


def partner_certificate(org="Airtel India", **kw):
    return certificate("airtel-auth", org=org, issuer_cn="Airtel Sub CA", issuer_key=key("Airtel Sub CA"), **kw)


def partner_certificate_with_key(subject_key, org="Airtel India"):
    return certificate("airtel-auth", org=org, subject_key=subject_key, issuer_cn="Airtel Sub CA",
                       issuer_key=key("Airtel Sub CA"))


def with_garbage_extension(cert_name: str, oid: x509.ObjectIdentifier, *, ca: bool = False, **kw) -> x509.Certificate:
    """A certificate whose extension ``oid`` (basicConstraints, keyUsage...) is not valid DER,
    properly signed: the library loads it and fails only when the extensions are read."""
    subject_key = kw.pop("subject_key", None) or key(cert_name)
    now = dt.datetime.now(dt.timezone.utc)
    issuer_cn = kw.get("issuer_cn") or cert_name
    builder = (x509.CertificateBuilder().subject_name(_name(cert_name, kw.get("org"))).issuer_name(_name(issuer_cn))
               .public_key(subject_key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=365)))
    if ca and oid != ExtensionOID.BASIC_CONSTRAINTS:
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    builder = builder.add_extension(x509.UnrecognizedExtension(oid, b"\xff\x03garbage"), critical=True)
    return builder.sign(kw.get("issuer_key") or subject_key, hashes.SHA256())


def with_invalid_utf8(cert: x509.Certificate, text: str, signer: rsa.RSAPrivateKey) -> bytes:
    """The DER of ``cert`` with the UTF8String ``text`` (in its subject, and its issuer too
    when they match) starting with the bytes 0xff 0xfe, which are never UTF-8; re-signed by
    ``signer`` so that only the name is wrong."""
    old = text.encode()
    new = b"\xff\xfe" + old[2:]
    tbs = cert.tbs_certificate_bytes
    assert old in tbs
    patched = tbs.replace(old, new)
    signature = signer.sign(patched, padding.PKCS1v15(), hashes.SHA256())
    assert len(signature) == len(cert.signature)  # same lengths: the outer DER keeps its shape
    return cert.public_bytes(serialization.Encoding.DER).replace(tbs, patched).replace(cert.signature, signature)


def b64(der: bytes) -> str:
    return base64.b64encode(der).decode()


def malformed_cas() -> dict[str, str]:
    """Self-signed CA certificates (base64 DER) that load but cannot be read."""
    return {
        "bad basicConstraints": der_b64(with_garbage_extension("Bad BC Root", ExtensionOID.BASIC_CONSTRAINTS, ca=True)),
        "bad keyUsage": der_b64(with_garbage_extension("Bad KU Root", ExtensionOID.KEY_USAGE, ca=True)),
        "invalid UTF-8 name": b64(with_invalid_utf8(certificate("Utf8 Root CA", ca=True, days=3650), "Utf8 Root CA",
                                                    key("Utf8 Root CA"))),
    }


def malformed_partner_certificates() -> dict[str, str]:
    """Airtel partner certificates (base64 DER) signed by the Airtel Sub CA that load but cannot be read."""
    signed_by_sub_ca = {"issuer_cn": "Airtel Sub CA", "issuer_key": key("Airtel Sub CA"), "org": "Airtel India"}
    return {
        "bad basicConstraints": der_b64(with_garbage_extension("airtel-bc", ExtensionOID.BASIC_CONSTRAINTS,
                                                               **signed_by_sub_ca)),
        "bad keyUsage": der_b64(with_garbage_extension("airtel-ku", ExtensionOID.KEY_USAGE, **signed_by_sub_ca)),
        "invalid UTF-8 name": b64(with_invalid_utf8(partner_certificate(), "airtel-auth", key("Airtel Sub CA"))),
    }
