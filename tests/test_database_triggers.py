"""The database triggers the migrations create are all there after the last migration.

SQLite drops a table's triggers whenever a migration copies the table (adding a check
constraint, changing a column), so a later migration can silently undo an earlier one:
the partner tally would stop counting and the token cache would stop noticing a
revocation on SQLite only. Any migration that copies one of these tables must put its
triggers back (partners/0010 shows how)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

EXPECTED = {
    # partners/0007: the partner totals (PartnerTally)
    "partners_tally_insert", "partners_tally_delete", "partners_tally_update",
    # accounts/0003: the auth epoch the token cache revalidates against
    "pms_auth_epoch_user_update", "pms_auth_epoch_user_delete",
    "pms_auth_epoch_membership_insert", "pms_auth_epoch_membership_update", "pms_auth_epoch_membership_delete",
    "pms_auth_epoch_group_update", "pms_auth_epoch_group_delete",
    "pms_auth_epoch_revocation_insert", "pms_auth_epoch_revocation_update", "pms_auth_epoch_revocation_delete",
    # accounts/0005: the same epoch, for the machine clients' lookup cache (accounts.lookup_cache)
    *(f"pms_auth_epoch_{stem}_{event}"
      for stem in ("apikey", "partner", "policy", "policygroup", "licensekey", "misp", "device", "deviceprovider",
                   "devicesubtype", "mds")
      for event in ("update", "delete")),
    "pms_auth_epoch_mds_insert",
    # accounts/0006: device types, which device registration's cached lookups read
    "pms_auth_epoch_devicetype_update", "pms_auth_epoch_devicetype_delete",
}


def _trigger_names() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}


def test_every_trigger_the_migrations_create_survives_the_later_migrations():
    missing = EXPECTED - _trigger_names()
    assert not missing, f"triggers lost by a later migration: {sorted(missing)}"
