"""The authentication epoch (accounts 0003) also moves when a row the machine clients'
lookups read changes, so that every process's lookup cache (``accounts.lookup_cache``)
notices changes made anywhere: other workers, the admin, raw SQL, later migrations.
Written per vendor (SQLite and PostgreSQL), as 0003.

What raises it: a row of partner API keys, partners, policies, policy groups, license
keys, MISPs, registered devices, device providers, device sub-types or MDS releases
updated (only when some column actually changed) or deleted; an MDS release inserted (the
cache keeps a version's empty list of releases). Other inserts raise nothing: the cache
never keeps a key, license or device it did not find.

SQLite drops a table's triggers when a migration copies the table: a later migration that
alters one of these tables must put its triggers back (tests/test_database_triggers.py
finds a lost one); this migration depends on the newest migration of each app it triggers
on, so it runs after them.
"""

from django.db import migrations

PREFIX = "pms_auth_epoch_"
EPOCH_TABLE = "accounts_authepoch"

# (trigger name stem, app label, model name, also on INSERT)
WATCHED = [
    ("apikey", "partners", "PartnerApiKey", False),
    ("partner", "partners", "Partner", False),
    ("policy", "policies", "Policy", False),
    ("policygroup", "policies", "PolicyGroup", False),
    ("licensekey", "misp", "LicenseKey", False),
    ("misp", "misp", "Misp", False),
    ("device", "devices", "RegisteredDevice", False),
    ("deviceprovider", "devices", "DeviceProvider", False),
    ("devicesubtype", "devices", "DeviceSubType", False),
    ("mds", "devices", "MosipDeviceService", True),
]


def _triggers(apps):
    """(name, table, event, columns compared old against new for an UPDATE, else None)."""
    found = []
    for stem, app_label, model_name, on_insert in WATCHED:
        model = apps.get_model(app_label, model_name)
        table = model._meta.db_table
        columns = [f.column for f in model._meta.concrete_fields]
        found.append((f"{stem}_update", table, "UPDATE", columns))
        found.append((f"{stem}_delete", table, "DELETE", None))
        if on_insert:
            found.append((f"{stem}_insert", table, "INSERT", None))
    return found


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
            # pms_auth_epoch_bump() is 0003's function.
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

    # The newest migration of every app whose tables it triggers on (see the docstring).
    dependencies = [
        ("accounts", "0004_user_consent"),
        # after every migration that copies one of these tables on SQLite (which drops its triggers)
        ("partners", "0012_api_key_labels"),
        ("policies", "0002_policy_deactivated_through"),
        ("misp", "0002_licensekey_key_hint"),
        ("devices", "0004_model_names_read_as_words"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
    ]
