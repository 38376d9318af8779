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


HANDLERS = ("get", "post", "put", "patch", "delete")


def _views(patterns, prefix=""):
    from django.urls import URLPattern, URLResolver

    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _views(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            view = getattr(entry.callback, "cls", None)
            if view is not None:
                yield prefix + str(entry.pattern), view


@register()
def operations_declared(app_configs, **kwargs):
    """Every API view method names the operation it runs (``operations``): its permission is
    derived from it (kernel.permissions.OperationPermission), so a method naming none would
    be refused to everyone, or, with other permission classes, guarded by a rule written
    somewhere else."""
    from django.urls import get_resolver

    from .api import EnvelopeAPIView
    from .operations import Operation

    errors, seen = [], set()
    for route, view in _views(get_resolver().url_patterns):
        if not issubclass(view, EnvelopeAPIView) or view in seen:
            continue
        seen.add(view)
        operations = getattr(view, "operations", None) or {}
        for name in HANDLERS:
            if name not in view.http_method_names or not hasattr(view, name):
                continue
            operation = operations.get(name.upper())
            if not isinstance(operation, Operation):
                errors.append(Error(f"{view.__module__}.{view.__qualname__}.{name} (/{route}) names no operation",
                                    hint='declare it in the app\'s operations.py and name it: operations = {"GET": ...}',
                                    obj=view, id="pms.E030"))
    return errors
