"""System checks of the device settings."""

from django.core import checks

from .conf import app_settings

FORMATS = ("mosip", "rfc7515")


@checks.register()
def device_settings(app_configs=None, **kwargs):
    problems = []
    if app_settings.PMS_DEVICE_RESPONSE_FORMAT.lower() not in FORMATS:
        problems.append(checks.Error(f"PMS_DEVICE_RESPONSE_FORMAT must be one of {', '.join(FORMATS)}",
                                     id="pms.E020"))
    if app_settings.PMS_DEVICE_TIMESTAMP_WINDOW_MINUTES < 1:
        problems.append(checks.Error("PMS_DEVICE_TIMESTAMP_WINDOW_MINUTES must be at least 1", id="pms.E021"))
    return problems
