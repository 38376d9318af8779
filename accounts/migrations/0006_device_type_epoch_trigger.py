"""The authentication epoch also moves when a device type changes or is deleted: device
registration keeps its lookups in the machine clients' cache (``accounts.lookup_cache``),
and the active sub-type it reads comes with its active type. Written per vendor, as 0005
(which covers the sub-types, providers and MDS releases registration also reads); the
function raising the epoch on PostgreSQL is 0003's. Depends on the newest devices
migration, after which no migration copies the table on SQLite (tests/test_database_triggers.py)."""

from django.db import migrations

PREFIX = "pms_auth_epoch_"
EPOCH_TABLE = "accounts_authepoch"


def _triggers(apps):
    table = apps.get_model("devices", "DeviceType")._meta
    columns = [f.column for f in table.concrete_fields]
    return [("devicetype_update", table.db_table, "UPDATE", columns),
            ("devicetype_delete", table.db_table, "DELETE", None)]


def create_triggers(apps, schema_editor):
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"the auth epoch triggers are written for SQLite and PostgreSQL, not {vendor}")
    bump = (f"INSERT INTO {qn(EPOCH_TABLE)} (id, value) VALUES (1, 1) "
            f"ON CONFLICT (id) DO UPDATE SET value = {qn(EPOCH_TABLE)}.value + 1")
    for name, table, event, columns in _triggers(apps):
        if vendor == "postgresql":
            level = "FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*)" if columns else "FOR EACH STATEMENT"
            schema_editor.execute(
                f"CREATE TRIGGER {PREFIX}{name} AFTER {event} ON {qn(table)} {level} "
                f"EXECUTE FUNCTION {PREFIX}bump()"
            )
        else:
            when = ""
            if columns:
                when = " WHEN " + " OR ".join(f"OLD.{qn(c)} IS NOT NEW.{qn(c)}" for c in columns)
            schema_editor.execute(
                f"CREATE TRIGGER {PREFIX}{name} AFTER {event} ON {qn(table)} FOR EACH ROW{when} "
                f"BEGIN {bump}; END"
            )


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    for name, table, _event, _columns in _triggers(apps):
        if connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {PREFIX}{name} ON {qn(table)}")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {PREFIX}{name}")


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0005_lookup_epoch_triggers"),
        ("devices", "0006_ftm_chips"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
    ]
