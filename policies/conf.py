"""The policy service's settings (docs/configuration.md): adopters extend these lists."""

from kernel.conf import AppSettings, Setting

app_settings = AppSettings(
    Setting.list("PMS_POLICY_TYPES", ["Auth", "DataShare", "CredentialIssuance"]),
    Setting.list("PMS_AUTH_TYPES", ["otp", "demo", "bio", "kyc", "otp-request"]),
    Setting.list("PMS_BIO_SUBTYPES", ["FINGER", "IRIS", "FACE"]),
    Setting.list("PMS_SUPPORTED_KYC_ATTRIBUTES", [
        "fullName", "firstName", "middleName", "lastName", "dateOfBirth", "gender", "phone", "email",
        "addressLine1", "addressLine2", "addressLine3", "location1", "location2", "location3", "region",
        "province", "city", "zone", "postalCode", "photo", "face", "preferredLang", "residenceStatus",
    ]),
)
