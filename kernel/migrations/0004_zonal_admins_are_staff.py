"""Zonal admins work in the back office (the devices admin): users already holding the role
become staff, as ``create_pms_user`` makes new ones, so they can sign in to /admin/."""

from django.db import migrations


def zonal_admins_are_staff(apps, schema_editor):
    User = apps.get_model("auth", "User")
    User.objects.filter(groups__name="ZONAL_ADMIN", is_staff=False).update(is_staff=True)


class Migration(migrations.Migration):
    dependencies = [("kernel", "0003_identity_models_move_to_accounts"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(zonal_admins_are_staff, migrations.RunPython.noop)]
