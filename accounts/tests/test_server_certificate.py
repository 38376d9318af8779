import jwt
import pytest
from cryptography import x509

from tests.support.api import assert_ok
from tests.support.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db

CERT = "/v1/keymanager/getCertificate"


def test_certificate_download_verifies_our_tokens(api):
    make_user("someone", ["PARTNER"])
    body = assert_ok(api.get(CERT, params={"applicationId": "PMS"}))
    certificate = x509.load_pem_x509_certificate(body["certificate"].encode())
    assert body["issuedAt"].endswith("Z") and body["expiryAt"].endswith("Z")
    token = assert_ok(api.post("/v1/authmanager/authenticate/useridPwd",
                               {"userName": "someone", "password": PASSWORD}))["token"]
    claims = jwt.decode(token, certificate.public_key(), algorithms=["RS256"], options={"verify_aud": False})
    assert claims["sub"] == "someone"
    assert "PRIVATE" not in body["certificate"]
