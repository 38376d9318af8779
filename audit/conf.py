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
    # Each writer signs a checkpoint of its chain after this many rows or seconds (0: never
    # by that measure); manage.py audit_checkpoint covers idle and finished writers.
    Setting.int("PMS_AUDIT_CHECKPOINT_ROWS", 1000),
    Setting.int("PMS_AUDIT_CHECKPOINT_SECONDS", 1),
    # Checkpoints are also appended here (JSON lines), outside the database; empty: not.
    Setting.str("PMS_AUDIT_CHECKPOINT_FILE", ""),
    # audit_checkpoint --prune deletes checkpoints older than this from the database, each
    # chain's newest kept (0: keep them all); the file and the witnesses keep theirs.
    Setting.int("PMS_AUDIT_CHECKPOINT_RETENTION_DAYS", 90),
    # verify_audit reports rows older than this that no checkpoint covers (0: never).
    Setting.int("PMS_AUDIT_UNWITNESSED_SECONDS", 300),
)
