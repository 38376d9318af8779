"""Partner settings (docs/configuration.md)."""

from kernel.conf import AppSettings, Setting

app_settings = AppSettings(
    # Days an approved partner API key is valid (MOSIP 1.0 hard-coded 60).
    Setting.int("PMS_API_KEY_VALIDITY_DAYS", 60),
    # Random bytes in a new API key (shown as urlsafe base64).
    Setting.int("PMS_API_KEY_BYTES", 32),
    # E-mail domains a partner may register with (empty: any) and never (checked first).
    Setting.list("PMS_PARTNER_EMAIL_ALLOWED_DOMAINS", []),
    Setting.list("PMS_PARTNER_EMAIL_BLOCKED_DOMAINS", []),
    # MOSIP's mandatory then optional languages (1.2 registration, catalog 5.1 g): the
    # portal's languages (settings.LANGUAGES) as MOSIP's 3-letter codes; the first is stored.
    Setting.list("PMS_PARTNER_LANGUAGES", ["eng", "fra", "ara"]),
    # MOSIP 1.2's credential-type mapping (R36): the credential types a partner may map a
    # policy to (``pmp.allowed.credential.types``) and the partner types that may map one
    # (``policy.credential.type.mapping.allowed.partner.types``).
    Setting.list("PMS_ALLOWED_CREDENTIAL_TYPES", ["auth", "qrcode", "euin", "reprint", "vercred", "opencrvs"]),
    Setting.list("PMS_CREDENTIAL_MAPPING_PARTNER_TYPES",
                 ["Credential_Partner", "Online_Verification_Partner", "Auth_Partner"]),
    # Days before an active API key expires that its partner is mailed a reminder
    # (``manage.py remind_expiring_api_keys``; MOSIP's ``notifications.sent.before.days``).
    Setting.int("PMS_API_KEY_EXPIRY_NOTICE_DAYS", 3),
)
