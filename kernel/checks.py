"""System checks for configuration mistakes an operator can make. They run with every
``manage.py`` command and at the start of the WSGI application (config.wsgi), so a bad
setting stops the service at start-up instead of turning every login into an error."""

from django.conf import settings
from django.core.checks import Error, register

MAKE_KEY_HINT = "make them with: manage.py generate_signing_key --key-out KEY.pem --cert-out CERT.pem"


@register()
def signing_key(app_configs, **kwargs):
    """The server key signs every token: it must load, and in production come from files
    every host shares (a key generated per host would make one host's tokens fail on the
    next)."""
    from .keys import signing_key_problem

    if settings.PRODUCTION and not (settings.PMS_SIGNING_KEY_FILE and settings.PMS_SIGNING_CERT_FILE):
        return [Error("Set PMS_SIGNING_KEY_FILE and PMS_SIGNING_CERT_FILE in production", hint=MAKE_KEY_HINT, id="pms.E003")]
    problem = signing_key_problem()
    if problem:
        return [Error(f"The server signing key cannot be used: {problem}", hint=MAKE_KEY_HINT, id="pms.E004")]
    return []


@register()
def data_keys(app_configs, **kwargs):
    """API keys and license keys are encrypted with these; without them nothing can be
    approved (production needs them set: a generated key would differ per host)."""
    from .secrets import secrets_problem

    problem = secrets_problem()
    if problem:
        return [Error(f"The data keys cannot be used: {problem}", hint="manage.py generate_data_key", id="pms.E005")]
    return []
