"""Django's PostgreSQL backend, with the connection health check run only on a connection
that has been idle (config/settings.py, ``PMS_DB_HEALTH_CHECK_IDLE_SECONDS``).

Django's check (``CONN_HEALTH_CHECKS``) sends ``SELECT 1`` before the first statement of
every request on a reused connection: one round trip and about a tenth of a machine
client's worker CPU (docs/benchmark.md). The connections it saves are the ones that died
while nobody used them: a firewall or pooler cutting an idle connection, a database
restarted or failed over between two requests. A connection that ran a statement less than
the window ago is used without the check; if the database went away within that window,
the request answers PMS_COR_003, as the requests in flight at that moment do, and Django
drops the connection at its end (docs/production.md, step 1). A window of 0 checks before
every request, as Django does.

Its operations use ``kernel.postgresql.compiler``: Django's compilers, with a single row's
INSERT written once per statement shape."""

from __future__ import annotations

import time

from django.conf import settings
from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    compiler_module = "kernel.postgresql.compiler"  # single-row INSERTs written once (compiler.py)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    used_at = float("-inf")  # time.monotonic() of the last cursor made on the connection

    def close_if_health_check_failed(self):
        if (self.connection is not None and not self.health_check_done
                and time.monotonic() - self.used_at < settings.PMS_DB_HEALTH_CHECK_IDLE_SECONDS):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    # Every cursor goes through one of these, Django's and the audit trail's raw ones alike
    # (audit/chain.py): a cursor made is a statement about to run on the connection.
    def make_cursor(self, cursor):
        self.used_at = time.monotonic()
        return super().make_cursor(cursor)

    def make_debug_cursor(self, cursor):
        self.used_at = time.monotonic()
        return super().make_debug_cursor(cursor)

    def _close(self):
        self.used_at = float("-inf")
        super()._close()
