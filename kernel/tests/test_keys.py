import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from kernel import keys
from tests.support.api import assert_error

pytestmark = pytest.mark.django_db

CERT = "/v1/keymanager/getCertificate"


def test_certificate_needs_the_application_id(api):
    assert_error(api.get(CERT), "PMS_COR_001")
    assert_error(api.get(CERT, params={"applicationId": "OTHER"}), "PMS_COR_002")


def test_generated_key_is_persisted_and_reused(settings, tmp_path):
    settings.PMS_KEY_DIR = tmp_path
    first = keys.server_key()
    keys._cache.clear()
    second = keys.server_key()
    assert first.kid == second.kid
    stored = tmp_path / keys.GENERATED_FILE_NAME
    assert stored.stat().st_mode & 0o777 == 0o600


def test_key_and_certificate_can_come_from_pem_files(settings, tmp_path):
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    certificate = keys.self_signed_certificate(private_key, "PMS-PROD")
    key_file, cert_file = tmp_path / "key.pem", tmp_path / "cert.pem"
    key_file.write_bytes(private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                   serialization.NoEncryption()))
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    settings.PMS_SIGNING_KEY_FILE, settings.PMS_SIGNING_CERT_FILE = str(key_file), str(cert_file)
    loaded = keys.server_key()
    assert loaded.certificate.subject == certificate.subject


def test_mismatched_certificate_is_refused(settings, tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    one = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    two = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (tmp_path / "k.pem").write_bytes(one.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                      serialization.NoEncryption()))
    (tmp_path / "c.pem").write_bytes(keys.self_signed_certificate(two, "x").public_bytes(serialization.Encoding.PEM))
    settings.PMS_SIGNING_KEY_FILE, settings.PMS_SIGNING_CERT_FILE = str(tmp_path / "k.pem"), str(tmp_path / "c.pem")
    with pytest.raises(ImproperlyConfigured):
        keys.server_key()
