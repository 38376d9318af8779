"""Identity settings (docs/configuration.md)."""

from django.conf import settings

from kernel.conf import AppSettings, Setting

app_settings = AppSettings(
    Setting.str("PMS_TOKEN_ISSUER", "pms"),
    Setting.int("PMS_TOKEN_LIFETIME_SECONDS", 3600),
    Setting.bool("PMS_TOKEN_COOKIE_SECURE", lambda: settings.PRODUCTION),
    Setting.int("PMS_LOGIN_MAX_FAILURES", 5),
    Setting.int("PMS_LOGIN_LOCKOUT_SECONDS", 900),
    # A noisy address (many failures) gets one guess per account per this pause (accounts.throttling).
    Setting.int("PMS_LOGIN_SLOWDOWN_SECONDS", 60),
    # Allowed login appId values (empty: any).
    Setting.list("PMS_AUTH_APP_IDS", []),
    # Keycloak / OIDC mode: both issuer and JWKS URL switch it on.
    Setting.str("PMS_OIDC_ISSUER", ""),
    Setting.str("PMS_OIDC_JWKS_URL", ""),
    Setting.str("PMS_OIDC_AUDIENCE", ""),
    Setting.int("PMS_OIDC_JWKS_CACHE_SECONDS", 300),
    # A token naming an unknown key id refetches the key set at most once per this period,
    # so a flood of made-up key ids cannot hammer the identity provider.
    Setting.int("PMS_OIDC_JWKS_REFRESH_COOLDOWN_SECONDS", 30),
    Setting.list("PMS_OIDC_ALGORITHMS", ["RS256"]),
    # Checked tokens are kept per process and the authentication epoch is re-read at most
    # this often, so a change made in another process takes effect within it (0: no cache,
    # every request checked in full). accounts.token_cache.
    Setting.int("PMS_AUTH_CACHE_SECONDS", 1),
)
