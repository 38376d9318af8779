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
    # eSignet's client management (MOSIP 1.2 OIDC clients, R103-R109). Empty base URL:
    # eSignet is not configured and clients are kept here only (docs/configuration.md).
    Setting.str("PMS_ESIGNET_BASE_URL", ""),
    # Sent as the Authorization header of every call to eSignet, when it wants one.
    Setting.str("PMS_ESIGNET_AUTHORIZATION", ""),
    Setting.int("PMS_ESIGNET_TIMEOUT_SECONDS", 5),
    # The claims eSignet supports; empty: read ``claims_supported`` from eSignet's
    # discovery document (PMS_ESIGNET_DISCOVERY_PATH under the base URL) when configured.
    Setting.list("PMS_ESIGNET_CLAIMS_SUPPORTED", []),
    Setting.str("PMS_ESIGNET_DISCOVERY_PATH", "/v1/esignet/oidc/.well-known/openid-configuration"),
    # JSON objects overriding the bundled mappings (partners/esignet/*.json): a policy's KYC
    # attribute (lower case) to a claim, and an authentication type (lower case) to an ACR.
    Setting.str("PMS_ESIGNET_CLAIMS_MAPPING", ""),
    Setting.str("PMS_ESIGNET_AMR_ACR_MAPPING", ""),
)
