"""Role groups (SPEC §4) and the database cache table used for login lock-out."""

from django.core.management import call_command
from django.db import migrations

ROLES = [
    "PARTNER_ADMIN", "MISP_ADMIN", "POLICYMANAGER", "PARTNERMANAGER", "PARTNER", "AUTH_PARTNER",
    "DEVICE_PROVIDER", "FTM_PROVIDER", "CREDENTIAL_PARTNER", "ONLINE_VERIFICATION_PARTNER", "MISP_PARTNER",
    "PRINT_PARTNER", "ABIS_PARTNER", "SDK_PARTNER", "MANUAL_ADJUDICATION", "ZONAL_ADMIN", "ID_AUTHENTICATION",
    "REGISTRATION_PROCESSOR", "AUDITOR",
]


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("kernel", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.RunPython(create_role_groups, migrations.RunPython.noop),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
