"""Keycloak mode: tokens verified against a JWKS served by a local HTTP server."""

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.support.api import assert_error
from tests.support.users import keycloak_token

pytestmark = pytest.mark.django_db

AUDITS = "/v1/auditmanager/audits"


def test_keycloak_token_is_accepted_and_realm_roles_apply(api, jwks):
    key = jwks.add_key("k1")
    assert api.get(AUDITS, token=keycloak_token(key, "k1")).status == 200
    assert_error(api.get(AUDITS, token=keycloak_token(key, "k1", roles=["PARTNER"])), "KER-ATH-403", status=403)


def test_a_keycloak_users_local_record_is_created_once_and_audited(api, jwks):
    from django.contrib.auth import get_user_model

    from audit.models import AuditEvent

    key = jwks.add_key("k1")
    for _ in range(2):
        assert api.get(AUDITS, token=keycloak_token(key, "k1")).status == 200
    user = get_user_model().objects.get(username="kc-auditor")
    assert not user.has_usable_password()
    assert AuditEvent.objects.filter(event_key="auth.keycloak_user.create.success", ref_id="kc-auditor").count() == 1


def test_realm_role_names_match_case_insensitively(api, jwks):
    key = jwks.add_key("k1")
    assert api.get(AUDITS, token=keycloak_token(key, "k1", roles=["auditor", "offline_access"])).status == 200


def test_token_from_an_unknown_key_is_refused(api, jwks):
    jwks.add_key("k1")
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert_error(api.get(AUDITS, token=keycloak_token(stranger, "k1")), "KER-ATH-401", status=401)
    assert_error(api.get(AUDITS, token=keycloak_token(stranger, "unknown-kid")), "KER-ATH-401", status=401)


def test_token_with_the_wrong_issuer_is_refused(api, jwks):
    key = jwks.add_key("k1")
    token = keycloak_token(key, "k1", issuer="http://127.0.0.1/realms/other")
    assert_error(api.get(AUDITS, token=token), "KER-ATH-401", status=401)


def test_expired_keycloak_token_is_refused(api, jwks):
    key = jwks.add_key("k1")
    assert_error(api.get(AUDITS, token=keycloak_token(key, "k1", expires_in=-120)), "KER-ATH-401", status=401)


def test_audience_is_checked_when_configured(api, jwks, settings):
    settings.PMS_OIDC_AUDIENCE = "pms"
    key = jwks.add_key("k1")
    assert_error(api.get(AUDITS, token=keycloak_token(key, "k1")), "KER-ATH-401", status=401)
    assert api.get(AUDITS, token=keycloak_token(key, "k1", aud="pms")).status == 200


def test_key_set_is_cached_and_a_rotated_key_is_picked_up(api, jwks, settings):
    settings.PMS_OIDC_JWKS_REFRESH_COOLDOWN_SECONDS = 0
    old = jwks.add_key("k1")
    assert api.get(AUDITS, token=keycloak_token(old, "k1")).status == 200
    assert api.get(AUDITS, token=keycloak_token(old, "k1")).status == 200
    assert jwks.hits == 1  # the second request used the cached key set
    new = jwks.add_key("k2")
    assert api.get(AUDITS, token=keycloak_token(new, "k2")).status == 200
    assert jwks.hits == 2


def test_keycloak_token_invalidated_stops_working(api, jwks):
    key = jwks.add_key("k1")
    token = keycloak_token(key, "k1")
    assert api.post("/v1/authmanager/authorize/invalidateToken", token=token).status == 200
    assert_error(api.get(AUDITS, token=token), "KER-ATH-401", status=401)


def test_keycloak_mode_off_refuses_foreign_issuers(api, settings):
    settings.PMS_OIDC_ISSUER = ""
    settings.PMS_OIDC_JWKS_URL = ""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert_error(api.get(AUDITS, token=keycloak_token(key, "k1")), "KER-ATH-401", status=401)


def test_unknown_key_ids_do_not_hammer_the_identity_provider(api, jwks):
    key = jwks.add_key("k1")
    assert api.get(AUDITS, token=keycloak_token(key, "k1")).status == 200
    for n in range(5):
        assert api.get(AUDITS, token=keycloak_token(key, f"made-up-{n}")).status == 401
    assert jwks.hits == 1  # within the refresh cooldown no refetch happens


def test_an_invalidated_keycloak_token_stops_working(api, jwks):
    key = jwks.add_key("k1")
    token = keycloak_token(key, "k1")
    assert api.get(AUDITS, token=token).status == 200
    assert api.post("/v1/authmanager/authorize/invalidateToken", token=token).status == 200
    assert_error(api.get(AUDITS, token=token), "KER-ATH-401", status=401)
