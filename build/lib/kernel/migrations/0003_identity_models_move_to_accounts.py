"""MachineClient and RevokedToken now belong to the accounts app (same tables): drop them
from kernel's migration state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("kernel", "0002_role_groups_and_cache_table"), ("accounts", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="MachineClient"), migrations.DeleteModel(name="RevokedToken")],
            database_operations=[],
        ),
    ]
