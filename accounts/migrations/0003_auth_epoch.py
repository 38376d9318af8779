"""The authentication epoch (``accounts.models.AuthEpoch``): its one row, and the database
triggers that raise it when something a token check reads changes, so every process's
token cache (``accounts.token_cache``) notices changes made anywhere: other workers, the
admin, raw SQL, later migrations. Written per vendor (SQLite and PostgreSQL).

What raises it: a user's row updated in any column but ``last_login`` (a login writes
that, and no token depends on it) and actually changed, or deleted; group memberships
added, changed or removed; a group renamed or deleted (roles are group names); a
revocation added, changed or removed. Inserting a user or a group raises nothing: no
token checked before can depend on a row that did not exist. Machine clients raise
nothing either: their secret is checked at login only, and the token they get is the
linked user's. The triggers insert the row again if it is gone (an upsert), so a deleted
row comes back at the next change instead of silently disabling the epoch.
"""

from django.conf import settings
from django.db import migrations, models

PREFIX = "pms_auth_epoch_"
EPOCH_TABLE = "accounts_authepoch"


def _tables(apps):
    User = apps.get_model(settings.AUTH_USER_MODEL)
    groups = User._meta.get_field("groups")
    membership = groups.remote_field.through._meta.db_table
    Group = groups.related_model
    RevokedToken = apps.get_model("accounts", "RevokedToken")
    user_columns = [f.column for f in User._meta.concrete_fields if f.name not in ("last_login", "id")
                    and not f.primary_key]
    # (name, table, event, columns compared old against new, or None for every row)
    return [
        ("user_update", User._meta.db_table, "UPDATE", user_columns),
        ("user_delete", User._meta.db_table, "DELETE", None),
        ("membership_insert", membership, "INSERT", None),
        ("membership_update", membership, "UPDATE", None),
        ("membership_delete", membership, "DELETE", None),
        ("group_update", Group._meta.db_table, "UPDATE", None),
        ("group_delete", Group._meta.db_table, "DELETE", None),
        ("revocation_insert", RevokedToken._meta.db_table, "INSERT", None),
        ("revocation_update", RevokedToken._meta.db_table, "UPDATE", None),
        ("revocation_delete", RevokedToken._meta.db_table, "DELETE", None),
    ]


def create_triggers(apps, schema_editor):
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"the auth epoch triggers are written for SQLite and PostgreSQL, not {vendor}")
    bump = (f"INSERT INTO {qn(EPOCH_TABLE)} (id, value) VALUES (1, 1) "
            f"ON CONFLICT (id) DO UPDATE SET value = {qn(EPOCH_TABLE)}.value + 1")
    if vendor == "postgresql":
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {PREFIX}bump() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {bump}; RETURN NULL; END $$"
        )
    for name, table, event, columns in _tables(apps):
        of = f" OF {', '.join(qn(c) for c in columns)}" if columns else ""
        if vendor == "postgresql":
            if columns:
                changed = " OR ".join(f"OLD.{qn(c)} IS DISTINCT FROM NEW.{qn(c)}" for c in columns)
                level = f"FOR EACH ROW WHEN ({changed})"
            else:
                level = "FOR EACH STATEMENT"  # one bump for a bulk change
            schema_editor.execute(
                f"CREATE TRIGGER {PREFIX}{name} AFTER {event}{of} ON {qn(table)} {level} "
                f"EXECUTE FUNCTION {PREFIX}bump()"
            )
        else:
            when = ""
            if columns:
                when = " WHEN " + " OR ".join(f"OLD.{qn(c)} IS NOT NEW.{qn(c)}" for c in columns)
            schema_editor.execute(
                f"CREATE TRIGGER {PREFIX}{name} AFTER {event}{of} ON {qn(table)} FOR EACH ROW{when} "
                f"BEGIN {bump}; END"
            )


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    for name, table, _event, _columns in _tables(apps):
        if connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {PREFIX}{name} ON {qn(table)}")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {PREFIX}{name}")
    if connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {PREFIX}bump()")


def create_row(apps, schema_editor):
    apps.get_model("accounts", "AuthEpoch").objects.using(schema_editor.connection.alias).get_or_create(id=1)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_back_office_user"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AuthEpoch",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("value", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "authentication epoch",
            },
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
