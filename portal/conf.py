"""Portal settings (docs/configuration.md)."""

from kernel.conf import AppSettings, Setting

app_settings = AppSettings(
    # How long an e-mailed verification code is valid.
    Setting.int("PMS_PORTAL_OTP_VALIDITY_SECONDS", 600),
    # Wrong codes (over all codes sent for one registration) before it is locked.
    Setting.int("PMS_PORTAL_OTP_MAX_ATTEMPTS", 5),
    # Pause between two codes sent for one registration, and between two codes e-mailed
    # to one address, so the form cannot be used to flood a mailbox.
    Setting.int("PMS_PORTAL_OTP_RESEND_SECONDS", 60),
    # Codes one registration may have sent in all.
    Setting.int("PMS_PORTAL_OTP_MAX_SENDS", 5),
    # How long a locked registration keeps its e-mail address from registering again.
    Setting.int("PMS_PORTAL_LOCK_SECONDS", 3600),
    # Registrations one client address may submit per hour (each sends an e-mail to an
    # address the visitor chose: without a limit the form could mail anyone, endlessly).
    Setting.int("PMS_PORTAL_REGISTRATIONS_PER_HOUR", 20),
    # How long an unverified registration (and its password hash) is kept after its last
    # code expired, its lock ended or it was superseded (purge_pending_registrations).
    Setting.int("PMS_PORTAL_RETENTION_SECONDS", 7 * 24 * 3600),
)
