"""Audit settings (docs/configuration.md)."""

from kernel.conf import AppSettings, Setting

app_settings = AppSettings(
    # A rejected token is audited once per client address and reason per this interval.
    Setting.int("PMS_AUDIT_TOKEN_REJECTION_INTERVAL_SECONDS", 60),
    # Audit rows carry the host that wrote them (default: the machine's host name).
    Setting.str("PMS_HOST_NAME", ""),
    # PostgreSQL: audit rows that record no change of their own (a read's row, the request
    # row before a change) commit without waiting for the WAL flush (audit.chain).
    Setting.bool("PMS_AUDIT_ASYNC_COMMIT", False),
)
