"""Role groups lose the Django model permissions the apps used to grant them after every
``migrate``: who may use an admin page is now derived from the operations
(kernel.admin_support.OperationAdminMixin), which read roles only, so those rows granted
nothing any more and would only mislead whoever reads a group's page. Removed: the
permissions on this project's own models held by the groups the old grants went to. Other
groups, per-user permissions and Django's own models are left alone. Not restored when
migrating back: the grants are made by no code any more."""

from django.db import migrations

# The groups the old per-app grants went to, and the apps whose models they covered.
GRANTED_GROUPS = ("PARTNER_ADMIN", "POLICYMANAGER", "PARTNERMANAGER", "MISP_ADMIN", "ZONAL_ADMIN", "AUDITOR")
PROJECT_APPS = ("accounts", "audit", "devices", "misp", "partners", "policies", "portal")


def drop_role_group_model_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Granted = Group.permissions.through
    Granted.objects.using(schema_editor.connection.alias).filter(
        group__name__in=GRANTED_GROUPS, permission__content_type__app_label__in=PROJECT_APPS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("kernel", "0004_zonal_admins_are_staff"), ("auth", "0012_alter_user_first_name_max_length"),
                    ("contenttypes", "0002_remove_content_type_name")]

    operations = [migrations.RunPython(drop_role_group_model_permissions, migrations.RunPython.noop)]
