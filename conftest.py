"""Project-wide test set-up: an isolated server key, and the PostgreSQL/Chromium/package/fuzz
markers.

A test marked ``postgres`` or ``browser`` skips with its reason under the plain test
command when the thing is missing, and fails instead when PMS_REQUIRE_POSTGRES=1 or
PMS_REQUIRE_BROWSER=1 (as .ci/run sets them). ``package`` and ``fuzz`` tests run when asked
for (PMS_TEST_PACKAGE=1, PMS_TEST_FUZZ=1), each in a step of its own in .ci/run.
"""

import os
import shutil

import pytest


def _truthy(name: str) -> bool:
    return os.environ.get(name, "").lower() in ("1", "true", "yes")


def _postgres_missing() -> str | None:
    from django.conf import settings

    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        return "needs PostgreSQL: run with DATABASE_URL=postgres://... (as .ci/run does)"
    return None


def _browser_missing() -> str | None:
    if not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"):
        return "needs Debian's chromium (apt-get install chromium) at /usr/bin/chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "needs the playwright package (pip install -e '.[dev]')"
    return None


def _package_not_requested() -> str | None:
    if not _truthy("PMS_TEST_PACKAGE"):
        return "builds and installs the wheel from the package registry: set PMS_TEST_PACKAGE=1 (as .ci/run does)"
    return None


def _fuzz_not_requested() -> str | None:
    if not _truthy("PMS_TEST_FUZZ"):
        return "schemathesis run (about a minute and a half): set PMS_TEST_FUZZ=1 and run pytest -m fuzz (as .ci/run does)"
    return None


def pytest_collection_modifyitems(config, items):
    checks = {
        "postgres": (_postgres_missing, "PMS_REQUIRE_POSTGRES"),
        "browser": (_browser_missing, "PMS_REQUIRE_BROWSER"),
        "package": (_package_not_requested, "PMS_REQUIRE_PACKAGE"),
        "fuzz": (_fuzz_not_requested, "PMS_REQUIRE_FUZZ"),
    }
    for marker, (probe, required_env) in checks.items():
        marked = [item for item in items if item.get_closest_marker(marker)]
        if not marked:
            continue
        reason = probe()
        if reason is None:
            continue
        if _truthy(required_env):
            for item in marked:
                item.add_marker(pytest.mark.usefixtures("_fail_missing_" + marker))
                item.user_properties.append(("missing", reason))
        else:
            for item in marked:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def _fail_missing_postgres(request):
    pytest.fail(f"{_postgres_missing()} (PMS_REQUIRE_POSTGRES=1)")


@pytest.fixture
def _fail_missing_package(request):
    pytest.fail(f"{_package_not_requested()} (PMS_REQUIRE_PACKAGE=1)")


@pytest.fixture
def _fail_missing_fuzz(request):
    pytest.fail(f"{_fuzz_not_requested()} (PMS_REQUIRE_FUZZ=1)")


@pytest.fixture
def _fail_missing_browser(request):
    pytest.fail(f"{_browser_missing()} (PMS_REQUIRE_BROWSER=1)")


@pytest.fixture(scope="session", autouse=True)
def _server_key_dir(tmp_path_factory):
    """One generated server key for the whole run, outside the developer's var/."""
    from django.conf import settings

    # Hashing cost is not what these tests check; production keeps Django's default.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PMS_KEY_DIR = tmp_path_factory.mktemp("keys")
    settings.PMS_SIGNING_KEY_FILE = ""
    settings.PMS_SIGNING_CERT_FILE = ""
    yield


@pytest.fixture
def api():
    from tests.support.api import PmsApi

    return PmsApi()


@pytest.fixture
def jwks(settings):
    """Keycloak mode against a JWKS endpoint served on localhost (tests.support.users.JwksServer)."""
    from accounts import tokens
    from tests.support.users import KEYCLOAK_ISSUER, JwksServer

    server = JwksServer()
    settings.PMS_OIDC_ISSUER = KEYCLOAK_ISSUER
    settings.PMS_OIDC_JWKS_URL = server.url
    settings.PMS_OIDC_AUDIENCE = ""
    tokens._jwks_clients.clear()
    yield server
    server.close()
    tokens._jwks_clients.clear()


@pytest.fixture(autouse=True)
def _audit_writer(request):
    """A test with the database starts with a chain of its own in it (tests.support.audit); a
    test without one leaves the writer alone."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        yield
        return
    request.getfixturevalue("_django_db_helper")  # the marker's database, transactional or not
    from tests.support.audit import fresh_audit_writer

    fresh_audit_writer()
    yield
    from audit.chain import forget_writer

    forget_writer()


@pytest.fixture(autouse=True)
def _token_cache(monkeypatch):
    """Each test starts with an empty token cache (accounts.token_cache) that has never read
    the authentication epoch, on a clock that stands still unless the test moves it: within
    a test, a token's first request is checked in full (AUTHENTICATION_QUERIES) and its
    later ones are answered from the cache (WARM_AUTHENTICATION_QUERIES), however slow the
    machine. Changes made through the ORM empty it at once, as in production; a change made
    by raw SQL is seen when the test moves the clock past PMS_AUTH_CACHE_SECONDS."""
    from accounts import lookup_cache, token_cache

    token_cache.reset()
    lookup_cache.reset()  # the machine clients' lookups: the same epoch, the same clock
    monkeypatch.setattr(token_cache, "monotonic", lambda: 1000.0)
    yield
    token_cache.reset()
    lookup_cache.reset()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request through the middleware activates
    its client's language (kernel.middleware.LocaleMiddleware) in the thread and nothing
    deactivates it, so a French request left the next test of that worker in French."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def _shadow_history_rows():
    """Every history row the suite writes is also written by simple_history's own code and
    must come out the same (kernel.history, tests.support.history_rows)."""
    from tests.support import history_rows

    history_rows.install()
    yield
    history_rows.uninstall()


@pytest.fixture(scope="session", autouse=True)
def _shadow_compiled_inserts():
    """On PostgreSQL every single-row INSERT the suite makes is also compiled by Django's own
    code and must come out the same (kernel.postgresql.compiler, tests.support.compiled_insert)."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "kernel.postgresql":
        yield
        return
    from tests.support import compiled_insert

    compiled_insert.install()
    yield
    compiled_insert.uninstall()
