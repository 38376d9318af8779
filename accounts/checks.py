"""Start-up checks of the identity settings."""

from django.core.checks import Error, register

from .conf import app_settings


@register()
def oidc_configuration(app_configs, **kwargs):
    issuer, jwks = app_settings.PMS_OIDC_ISSUER, app_settings.PMS_OIDC_JWKS_URL
    if bool(issuer) != bool(jwks):
        return [Error("Set both PMS_OIDC_ISSUER and PMS_OIDC_JWKS_URL to enable Keycloak mode", id="pms.E001")]
    if issuer and issuer == app_settings.PMS_TOKEN_ISSUER:
        return [Error("PMS_OIDC_ISSUER must differ from PMS_TOKEN_ISSUER", id="pms.E002")]
    return []
