"""WebSub settings (docs/configuration.md)."""

from kernel.conf import AppSettings, Setting

app_settings = AppSettings(
    # The hub's publish URL (MOSIP's websub.publish.url). Empty: no event is recorded.
    Setting.str("PMS_WEBSUB_HUB_URL", ""),
    # Sent as the Authorization header to the hub, when the hub asks for one.
    Setting.str("PMS_WEBSUB_AUTHORIZATION", ""),
    Setting.int("PMS_WEBSUB_TIMEOUT_SECONDS", 5),
    # A failed event is tried again after 5 s, 10 s, 20 s ... at most this far apart,
    Setting.int("PMS_WEBSUB_RETRY_MAX_SECONDS", 3600),
    # and given up (a dead letter, in the admin) after this many attempts.
    Setting.int("PMS_WEBSUB_MAX_ATTEMPTS", 12),
    # How long a publisher holds the events it took before another may take them again.
    Setting.int("PMS_WEBSUB_LEASE_SECONDS", 60),
    # publish_events --follow looks for due events this often.
    Setting.int("PMS_WEBSUB_POLL_SECONDS", 1),
)
