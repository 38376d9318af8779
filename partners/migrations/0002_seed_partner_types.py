"""The partner types MOSIP ships (SPEC §9.2); admins add more. A type that deals with
residents' data under a policy requires a policy group; providers of devices, chips,
SDKs and matching engines do not."""

from django.db import migrations

TYPES = [
    ("Auth_Partner", "Authentication partner (bank, telco)", True, "AUTH_PARTNER"),
    ("Credential_Partner", "Receives credentials", True, "CREDENTIAL_PARTNER"),
    ("Online_Verification_Partner", "Online verification (e-KYC) partner", True, "ONLINE_VERIFICATION_PARTNER"),
    ("MISP_Partner", "Infrastructure service provider", True, "MISP_PARTNER"),
    ("Print_Partner", "Prints cards", True, "PRINT_PARTNER"),
    ("Device_Provider", "Biometric device maker", False, "DEVICE_PROVIDER"),
    ("FTM_Provider", "Foundational trust module (chip) provider", False, "FTM_PROVIDER"),
    ("ABIS_Partner", "Biometric matching engine", False, "ABIS_PARTNER"),
    ("SDK_Partner", "Biometric SDK provider", False, "SDK_PARTNER"),
    ("Manual_Adjudication", "Manual adjudication system", False, "MANUAL_ADJUDICATION"),
]


def seed(apps, schema_editor):
    PartnerType = apps.get_model("partners", "PartnerType")
    for code, description, requires_group, role in TYPES:
        PartnerType.objects.get_or_create(code=code, defaults={
            "description": description, "requires_policy_group": requires_group, "role": role,
            "created_by": "migration", "updated_by": "migration"})


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
