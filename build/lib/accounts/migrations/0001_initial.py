"""MachineClient and RevokedToken move here from kernel. Their tables already exist
(kernel 0001), so this changes Django's state only; kernel 0003 drops them from kernel's."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("kernel", "0002_role_groups_and_cache_table"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RevokedToken",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("jti", models.CharField(max_length=128, unique=True)),
                        ("expires_at", models.DateTimeField(db_index=True)),
                        ("revoked_at", models.DateTimeField(auto_now_add=True)),
                        ("revoked_by", models.CharField(blank=True, max_length=150)),
                    ],
                    options={"db_table": "kernel_revokedtoken"},
                ),
                migrations.CreateModel(
                    name="MachineClient",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("client_id", models.CharField(max_length=150, unique=True)),
                        ("secret_hash", models.CharField(max_length=256)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                                      related_name="machine_client", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"db_table": "kernel_machineclient"},
                ),
            ],
            database_operations=[],
        ),
    ]
