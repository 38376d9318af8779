"""MISP settings (docs/configuration.md)."""

from kernel.conf import AppSettings, Setting

app_settings = AppSettings(
    # Days a license key is valid from its creation (MOSIP's code default is 90).
    Setting.int("PMS_MISP_LICENSE_EXPIRY_DAYS", 90),
    # Characters of a license key (letters and digits from the CSPRNG).
    Setting.int("PMS_MISP_LICENSE_KEY_LENGTH", 50),
)
