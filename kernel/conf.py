"""App settings that live with their app: each app lists its own (``<app>/conf.py``).

A setting is read from Django's settings when a settings module (or a test) sets it
there, else from the environment variable of the same name, else its default. So an app
carries its knobs with it and ``config/settings.py`` keeps only project-wide ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import environ
from django.conf import settings

_env = environ.Env()


def _value(default: Any) -> Any:
    return default() if callable(default) else default


@dataclass(frozen=True)
class Setting:
    """A setting and how to read it from the environment; a default may be a callable
    (evaluated on first use, e.g. ``lambda: settings.PRODUCTION``)."""

    name: str
    read: Callable[[], Any]

    @classmethod
    def str(cls, name: str, default: Any) -> "Setting":
        return cls(name, lambda: _env.str(name, default=_value(default)))

    @classmethod
    def int(cls, name: str, default: Any) -> "Setting":
        return cls(name, lambda: _env.int(name, default=_value(default)))

    @classmethod
    def bool(cls, name: str, default: Any) -> "Setting":
        return cls(name, lambda: _env.bool(name, default=_value(default)))

    @classmethod
    def list(cls, name: str, default: Any) -> "Setting":
        return cls(name, lambda: _env.list(name, default=list(_value(default))))


class AppSettings:
    def __init__(self, *declared: Setting):
        self._declared = {setting.name: setting for setting in declared}
        self._from_environment: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        declared = self.__dict__.get("_declared", {})
        if name not in declared:
            raise AttributeError(name)
        if hasattr(settings, name):
            return getattr(settings, name)
        if name not in self._from_environment:
            self._from_environment[name] = declared[name].read()
        return self._from_environment[name]

    def names(self) -> list[str]:
        return sorted(self._declared)


# What the platform offers the 1.2 partner portal (GET /v1/partnermanager/system-config):
# MOSIP's feature switches and the portal's limits, named after MOSIP's properties in
# docs/configuration.md. A switch stays off until this server serves the routes it opens,
# since the portal calls them when it is on: the certificate-data (R16) and trust-store
# (R18, R19) routes are served (partners.views12.certificates), the OIDC-client ones too
# (partners.views12.oidc_clients; eSignet is called only when PMS_ESIGNET_BASE_URL is set).
platform_settings = AppSettings(
    Setting.bool("PMS_FEATURE_CA_SIGNED_PARTNER_CERTIFICATE", True),
    Setting.bool("PMS_FEATURE_OIDC_CLIENT", True),
    Setting.bool("PMS_FEATURE_ROOT_AND_INTERMEDIATE_CERTIFICATES", True),
    Setting.list("PMS_OIDC_CLIENT_GRANT_TYPES", ["authorization_code"]),
    Setting.list("PMS_OIDC_CLIENT_AUTH_METHODS", ["private_key_jwt"]),
    Setting.int("PMS_PORTAL_INACTIVITY_MINUTES", 25),
    Setting.int("PMS_PORTAL_INACTIVITY_PROMPT_MINUTES", 5),
    Setting.int("PMS_PORTAL_REQUEST_TIMEOUT", 3),
    Setting.int("PMS_SBI_EXPIRY_MAX_YEARS", 10),
    Setting.int("PMS_SBI_CREATED_MAX_YEARS", 10),
    Setting.int("PMS_PORTAL_ITEMS_PER_PAGE", 8),
    Setting.list("PMS_PORTAL_ROLES", ["AUTH_PARTNER", "DEVICE_PROVIDER", "CREDENTIAL_PARTNER", "FTM_PROVIDER",
                                      "MISP_PARTNER", "POLICYMANAGER", "PARTNER_ADMIN"]),
)
