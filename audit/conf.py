"""Audit settings (README "Configuration")."""

from kernel.conf import AppSettings, Setting

app_settings = AppSettings(
    # A rejected token is audited once per client address and reason per this interval.
    Setting.int("PMS_AUDIT_TOKEN_REJECTION_INTERVAL_SECONDS", 60),
    # Audit rows carry the host that wrote them (default: the machine's host name).
    Setting.str("PMS_HOST_NAME", ""),
)
