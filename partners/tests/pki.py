"""A small PKI for certificate tests: MOSIP-style certificates (CN and O only, no SAN)."""

from __future__ import annotations

import base64
import datetime as dt
from functools import lru_cache

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID


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
