"""The server's RSA signing key and self-signed certificate (SPEC §6, §7).

Explicit PEM files (PMS_SIGNING_KEY_FILE + PMS_SIGNING_CERT_FILE) win. Otherwise one PEM
file holding key and certificate is generated on first use inside PMS_KEY_DIR (mode 0600)
and reused by every later process: creation goes through a hard link, so two workers
starting together end up with the same key. The private key never leaves this module's
callers inside the server; only the certificate is served.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GENERATED_FILE_NAME = "pms-signing.pem"
KEY_BITS = 2048


@dataclass(frozen=True)
class ServerKey:
    private_key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    @property
    def public_key(self) -> rsa.RSAPublicKey:
        return self.private_key.public_key()

    @property
    def kid(self) -> str:
        """Key id: base64url SHA-256 thumbprint of the certificate (also ``x5t#S256``)."""
        digest = hashlib.sha256(self.certificate.public_bytes(serialization.Encoding.DER)).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    @property
    def certificate_pem(self) -> str:
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode()

    @property
    def certificate_der_b64(self) -> str:
        return base64.b64encode(self.certificate.public_bytes(serialization.Encoding.DER)).decode()


_lock = threading.Lock()
_cache: dict[tuple, ServerKey] = {}


def _source() -> tuple[str, str, str]:
    return (settings.PMS_SIGNING_KEY_FILE, settings.PMS_SIGNING_CERT_FILE, str(settings.PMS_KEY_DIR))


def server_key() -> ServerKey:
    source = _source()
    with _lock:
        cached = _cache.get(source)
        if cached is None:
            cached = _load(*source)
            _cache.clear()
            _cache[source] = cached
        return cached


def signing_key_problem() -> str | None:
    """What is wrong with the configured key and certificate, in words, or None."""
    try:
        server_key()
    except ImproperlyConfigured as exc:
        return str(exc)
    except OSError as exc:
        return f"{exc.strerror or exc}: {exc.filename or ''}".strip()
    except ValueError as exc:  # not PEM, wrong type, password-protected, ...
        return f"not a usable PEM key or certificate ({exc})"
    return None


def _load(key_file: str, cert_file: str, key_dir: str) -> ServerKey:
    if key_file or cert_file:
        if not (key_file and cert_file):
            raise ImproperlyConfigured("Set both PMS_SIGNING_KEY_FILE and PMS_SIGNING_CERT_FILE, or neither")
        return _from_pem(Path(key_file).read_bytes(), Path(cert_file).read_bytes())
    path = Path(key_dir) / GENERATED_FILE_NAME
    if not path.exists():
        _generate_into(path)
    data = path.read_bytes()
    return _from_pem(data, data)


def _from_pem(key_pem: bytes, cert_pem: bytes) -> ServerKey:
    try:
        private_key = serialization.load_pem_private_key(key_pem, password=None)
    except TypeError:
        raise ImproperlyConfigured("The server signing key must not be password-protected") from None
    if not isinstance(private_key, rsa.RSAPrivateKey):
        raise ImproperlyConfigured("The server signing key must be an RSA key")
    certificate = x509.load_pem_x509_certificate(cert_pem)
    if certificate.public_key().public_numbers() != private_key.public_key().public_numbers():
        raise ImproperlyConfigured("The server signing certificate does not match its private key")
    return ServerKey(private_key, certificate)


def new_key_and_certificate() -> tuple[bytes, bytes]:
    """A fresh RSA key (PKCS#8 PEM) and its self-signed certificate (PEM)."""
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    certificate = self_signed_certificate(private_key, common_name=settings.PMS_APPLICATION_ID)
    key_pem = private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption())
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM)


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file only its owner may read. Creation is atomic (a hard
    link), so of two processes writing at once the first wins and the second gets
    FileExistsError; an existing file is never overwritten."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".pms-")
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, data)
        os.fsync(fd)
        os.close(fd)
        os.link(tmp, path)
    finally:
        os.unlink(tmp)


def _generate_into(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key_pem, cert_pem = new_key_and_certificate()
    try:
        write_private(path, key_pem + cert_pem)
    except FileExistsError:
        pass  # another worker generated it first: everybody uses that one


def self_signed_certificate(private_key: rsa.RSAPrivateKey, common_name: str) -> x509.Certificate:
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Partner Management Service"),
        ]
    )
    now = dt.datetime.now(dt.timezone.utc)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=settings.PMS_SIGNING_CERT_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(private_key.public_key()), critical=False)
        .sign(private_key, hashes.SHA256())
    )
