"""Device settings (docs/configuration.md)."""

from django.conf import settings

from kernel.conf import AppSettings, Setting

app_settings = AppSettings(
    # deviceInfo.timeStamp is accepted this many minutes either side of the server's clock
    # (MOSIP's masterdata.registerdevice.timestamp.validate=+5).
    Setting.int("PMS_DEVICE_TIMESTAMP_WINDOW_MINUTES", 5),
    # "mosip": the documented answer (standard base64 with padding, header key "type",
    # signature encoded twice); "rfc7515": a compact JWS (base64url, "typ", "x5c").
    Setting.str("PMS_DEVICE_RESPONSE_FORMAT", "mosip"),
    # The "env" of the signed registration answer (MOSIP puts its profile there, e.g. "local").
    Setting.str("PMS_DEVICE_ENV", lambda: settings.PMS_ENV),
    # Characters of deviceData accepted before decoding (the body limit applies first).
    Setting.int("PMS_DEVICE_DATA_MAX_CHARS", 65536),
)
