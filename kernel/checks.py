"""System checks for configuration mistakes an operator can make."""

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def oidc_configuration(app_configs, **kwargs):
    issuer, jwks = settings.PMS_OIDC_ISSUER, settings.PMS_OIDC_JWKS_URL
    if bool(issuer) != bool(jwks):
        return [Error("Set both PMS_OIDC_ISSUER and PMS_OIDC_JWKS_URL to enable Keycloak mode", id="pms.E001")]
    if issuer and issuer == settings.PMS_TOKEN_ISSUER:
        return [Error("PMS_OIDC_ISSUER must differ from PMS_TOKEN_ISSUER", id="pms.E002")]
    return []


@register(deploy=True)
def signing_key_files(app_configs, **kwargs):
    if settings.PRODUCTION and not settings.PMS_SIGNING_KEY_FILE:
        return [
            Warning(
                "The server signing key is generated into PMS_KEY_DIR; with several hosts set "
                "PMS_SIGNING_KEY_FILE and PMS_SIGNING_CERT_FILE so all of them sign with one key.",
                id="pms.W001",
            )
        ]
    return []
