"""Rejected tokens leave an audit row (hardening issue, finding 6), at most one per
address and reason per interval so a flood of junk cannot flood the table."""

import datetime as dt
import uuid

import jwt
import pytest
from django.core.cache import cache

from audit.models import AuditEvent
from kernel.keys import server_key
from tests.support.api import assert_error, assert_ok
from tests.support.users import make_user, token_for

pytestmark = pytest.mark.django_db

AUDITS = "/v1/auditmanager/audits"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _expired_token():
    now = int(dt.datetime.now(dt.timezone.utc).timestamp())
    claims = {"iss": "pms", "sub": "auditor", "iat": now - 7200, "exp": now - 3600, "jti": uuid.uuid4().hex}
    return jwt.encode(claims, server_key().private_key, algorithm="RS256")


def _rejections():
    return AuditEvent.objects.filter(event_key="auth.token.rejected")


@pytest.mark.parametrize("kind", ["forged", "expired", "tampered", "invalidated"])
def test_each_kind_of_rejected_token_is_audited(api, kind):
    user = make_user("auditor", ["AUDITOR"])
    good = token_for(user)
    if kind == "forged":
        token = jwt.encode({"iss": "pms", "sub": "auditor", "iat": 1, "exp": 4102444800, "jti": "x"},
                           "an-attacker-chosen-secret-of-32-bytes!", algorithm="HS256")
    elif kind == "expired":
        token = _expired_token()
    elif kind == "tampered":
        token = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    else:
        assert_ok(api.post("/v1/authmanager/authorize/invalidateToken", token=good))
        token = good
    assert_error(api.get(AUDITS, token=token), "KER-ATH-401", status=401)
    row = _rejections().get()
    assert row.outcome == "failure" and "Invalid Token" in row.description and AUDITS in row.description
    assert token not in row.description


def test_a_flood_of_the_same_rejection_writes_one_row(api):
    for _ in range(30):
        api.get(AUDITS, token="garbage.token.value")
    assert _rejections().count() == 1


def test_validate_token_rejections_are_audited_too(api):
    assert_error(api.get("/v1/authmanager/authorize/admin/validateToken", token=_expired_token()), "KER-ATH-401", status=401)
    assert _rejections().count() == 1


def test_no_token_at_all_is_not_a_rejected_token(api):
    assert_error(api.get(AUDITS), "KER-ATH-401", status=401)
    assert not _rejections().exists()


@pytest.mark.parametrize("header", [b"[" * 3000 + b"]" * 3000, b"\xff\xfe", b'"text"', b"{}"])
def test_a_token_with_a_hostile_header_is_a_401_not_a_crash(api, header):
    import base64

    segment = base64.urlsafe_b64encode(header).rstrip(b"=").decode()
    assert_error(api.get(AUDITS, token=f"{segment}.e30.c2ln"), "KER-ATH-401", status=401)
