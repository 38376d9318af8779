"""Secrets in URL paths are redacted by route, not by length (hardening issue item 3): the
portal's password-reset token (39 characters) reached gunicorn's access log because only
40+ character segments were taken for keys. Every route with a ``pmssecret`` segment is
redacted in Django's log lines, gunicorn's access log and audit references; other routes
keep their ids."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern

from audit.models import AuditEvent
from kernel.logging import REDACTED, RedactingGunicornLogger, RedactSecrets, redact, redact_reference, secret_routes_of

pytestmark = pytest.mark.django_db

SECRET = "s3cr3tVal-ue4Rt"  # short: only its route says it is a secret
SAMPLES = ("id-1", "1", "0b9d0c2e-7d5a-4a8b-9f0e-2c1d3e4f5a6b", "x")
# Parameter names that say "this is a secret": such a parameter must be declared pmssecret.
SECRET_WORDS = re.compile(r"(?i)key|token|secret|password|otp|credential")


def _endpoints(patterns=None, route="", converters=None, chain=()):
    """Every path() endpoint: (route as ResolverMatch names it, converters by parameter)."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        here = str(entry.pattern)
        joined = route + here.removeprefix("^") if route else here
        merged = {**(converters or {}), **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            yield from _endpoints(entry.url_patterns, joined, merged, (*chain, entry.pattern))
        elif all(isinstance(p, RoutePattern) for p in (*chain, entry.pattern)):
            yield joined, merged


def _path_of(route: str, converters: dict) -> tuple[str, list[str]] | None:
    """A path the route answers, with SECRET in its secret segments, or None."""
    secrets = []

    def value(found: re.Match) -> str:
        name = found.group(2)
        converter = converters[name]
        if getattr(converter, "carries_secret", False):
            secrets.append(name)
            return SECRET
        return next((s for s in SAMPLES if re.fullmatch(converter.regex, s)), None) or "?"

    path = "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)
    try:
        if resolve(path).route != route:
            return None  # an earlier route takes this path (e.g. a literal word)
    except Exception:
        return None
    return path, secrets


def _access_atoms(path: str, query: str = "", referer: str = "-", access_log_format: str | None = None):
    """The redacting logger (with ``access_log_format``, else gunicorn's default) and the
    atoms it makes of a GET of ``path``."""
    from gunicorn.config import Config

    class Response:
        status, sent, headers = "200 OK", 10, []

    environ = {"REQUEST_METHOD": "GET", "RAW_URI": path + (f"?{query}" if query else ""), "PATH_INFO": path,
               "QUERY_STRING": query, "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "10.0.0.1",
               "HTTP_REFERER": referer}
    config = Config()
    if access_log_format is not None:
        config.set("access_log_format", access_log_format)
    logger = RedactingGunicornLogger(config)
    return logger, logger.atoms(Response(), [("Referer", referer)], environ, dt.timedelta(milliseconds=3))


def _access_line(path: str, query: str = "", referer: str = "-", access_log_format: str | None = None) -> str:
    logger, atoms = _access_atoms(path, query, referer, access_log_format)
    return logger.cfg.access_log_format % logger.atoms_wrapper_class(atoms)


def test_the_routes_that_carry_a_secret_are_the_known_ones():
    routes = {r.route for r in secret_routes_of(get_resolver())}
    for service in ("partnermanagement/v1/policies", "partnermanagement/v1/policies/policies"):
        assert f"{service}/partnerApiKey/<pmssecret:api_key>" in routes  # P6
        assert f"{service}/<pmssecret:policy_id>" in routes  # P5/P6: a policy id or an API key
    for service in ("partnermanagement/v1/pmpartners", "partnermanagement/v1/pmpartners/pmpartners"):
        assert f"{service}/<pmsid:partner_id>/<pmssecret:api_key>" in routes
        assert (f"{service}/validatePartnerMisp/partnerId/<pmsid:partner_id>/partnerApiKey/<pmssecret:api_key>"
                "/mispLicenseKey/<pmssecret:license_key>") in routes  # PM12
    assert "portal/password-reset/<uidb64>/<pmssecret:token>/" in routes
    # MOSIP 1.2's R29 and R30 (a partner's API key in the path)
    assert "v1/partnermanager/partners/<id12:partner_id>/apikey/<secret12:api_key>" in routes
    assert "v1/partnermanager/partners/<id12:partner_id>/apikey/<secret12:api_key>/policies" in routes
    assert len(routes) == 11


def test_every_parameter_named_like_a_secret_is_declared_a_secret():
    undeclared = [(route, name) for route, converters in _endpoints() for name, converter in converters.items()
                  if SECRET_WORDS.search(name) and not getattr(converter, "carries_secret", False)]
    assert undeclared == []


def test_every_secret_carrying_route_is_redacted_wherever_its_path_is_written():
    checked = 0
    for route, converters in _endpoints():
        made = _path_of(route, converters)
        if made is None or not made[1]:
            continue
        path, _ = made
        checked += 1
        assert SECRET not in redact(f"Not Found: {path}"), route
        assert SECRET not in redact(f"Forbidden: {path}"), route
        assert SECRET not in _access_line(path, referer=f"https://pms.example.org{path}"), route
        assert SECRET not in redact_reference(path), route
        assert SECRET not in redact(f"Not Found: {path.rstrip('/')}"), route  # without its trailing slash
        assert SECRET not in redact(f"Not Found: /prefix{path}"), route  # under a script prefix (unresolved)
        assert SECRET not in redact(f"Not Found: {path.rstrip('/')}/more"), route  # the API's catch-all 404
        assert redact(path).count(REDACTED) >= 1
    assert checked >= 9  # the reset link, P6, PM12, the manager's key, policy-by-id-or-key (each doubled)


def test_routes_without_a_secret_keep_their_ids_in_the_log():
    checked = 0
    for route, converters in _endpoints():
        made = _path_of(route, converters)
        if made is None or made[1]:
            continue
        path, _ = made
        checked += 1
        assert redact(f"Not Found: {path}") == f"Not Found: {path}", route
    assert checked > 50


def test_a_full_password_reset_leaves_its_token_nowhere(mailoutbox, tmp_path):
    """Request a reset in the portal, follow the e-mailed link, set a new password: Django's
    log (every level), gunicorn's access-log lines for each request and the audit rows."""
    from tests.support.users import make_user

    owner = make_user("ops@airtel.example", ["PARTNER", "AUTH_PARTNER"])
    owner.email = "ops@airtel.example"
    owner.save()

    root = logging.getLogger()
    handler = next(h for h in root.handlers if any(isinstance(f, RedactSecrets) for f in h.filters))
    stream, handler.stream, level = handler.stream, io.StringIO(), root.level
    root.setLevel(logging.DEBUG)
    requests = []

    def call(method: str, url: str, data=None):
        answer = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        requests.append((answer.wsgi_request.META, answer.status_code))
        return answer

    client = Client()
    try:
        call("post", "/portal/password-reset/", {"email": "ops@airtel.example"})
        link = re.search(r"http://testserver(/portal/password-reset/\S+/)", mailoutbox[0].body).group(1)
        token = link.rstrip("/").rsplit("/", 1)[1]
        assert len(token) < 40  # what the length rule missed
        answer = call("get", link)
        assert answer.status_code == 302
        form = answer["Location"]
        assert call("get", form).status_code == 200
        done = call("post", form, {"new_password1": "Quiet-Meadow-Engine-7", "new_password2": "Quiet-Meadow-Engine-7"})
        assert done.status_code == 302
        call("get", done["Location"])
        call("get", link)  # the used link again: refused, and still not logged
        django_log = handler.stream.getvalue()
    finally:
        handler.stream = stream
        root.setLevel(level)

    owner.refresh_from_db()
    assert owner.check_password("Quiet-Meadow-Engine-7")
    access_log = "\n".join(_access_line(meta["PATH_INFO"], meta.get("QUERY_STRING", ""),
                                        meta.get("HTTP_REFERER", "-")) for meta, _ in requests)
    assert f"GET /portal/password-reset/{link.split('/')[3]}/{REDACTED}/ HTTP/1.1" in access_log
    rows = json.dumps(list(AuditEvent.objects.values()), default=str)
    assert AuditEvent.objects.filter(event_id="PMS_AUT_209", ref_id=owner.username).exists()
    for text in (django_log, access_log, rows):
        assert token not in text


def test_every_path_atom_a_format_prints_is_redacted_and_the_others_blanked():
    """The access logger redacts the atoms its format names one by one and blanks the rest,
    so whatever format an operator sets, no key reaches the line."""
    key = "B" * 43
    path = f"/partnermanagement/v1/policies/partnerApiKey/{key}"
    line = _access_line(path, "page=1", path,
                        '"%(r)s" %(U)s %(q)s %({RAW_URI}e)s %({Referer}i)s %({path_info}e)s')
    assert key not in line and line.count(REDACTED) == 5 and " page=1 " in line
    assert "/partnermanagement/v1/policies/partnerApiKey/" in line  # redacted, not blanked
    _, unprinted = _access_atoms(path, "page=1", path)  # gunicorn's default format
    assert unprinted["U"] == REDACTED and unprinted["{raw_uri}e"] == REDACTED  # not printed: blanked
    assert key not in unprinted["r"] and "/partnerApiKey/" in unprinted["r"]


def test_the_combined_shape_finds_exactly_the_paths_some_secret_shape_finds():
    from kernel.logging import _index_of

    index = _index_of(get_resolver())
    key = "Zx9" * 15
    paths = [r.route for r in index.secret] + ["/v1/bench/floor", "/partnermanagement/v1/misps/misps/validate/abc", "-"]
    paths += ["/" + re.sub(r"<[^>]+>", value, route.route) for route in index.secret for value in (key, "abc", "")]
    for path in paths:
        assert bool(index.any_secret.search(path)) == any(r.shape.search(path) for r in index.secret), path
    assert any(index.any_secret.search(p) for p in paths) and not index.any_secret.search("/v1/bench/floor")


def test_a_text_the_combined_shape_in_text_misses_has_no_secret_path():
    """``redact`` skips its path-by-path work when ``any_secret_in_text`` finds nothing in a
    line: every path ``_PATH_IN_TEXT`` takes out of a line and some shape fits must be found
    in the line by it."""
    from kernel.logging import _PATH_IN_TEXT, _index_of

    index = _index_of(get_resolver())
    key = "Zx9" * 15
    paths = ["/v1/bench/floor", "/partnermanagement/v1/misps/misps/validate/abc"]
    paths += ["/" + re.sub(r"<[^>]+>", value, route.route) for route in index.secret for value in (key, "abc")]
    found_some = 0
    for path in paths:
        for text in (f"GET {path} HTTP/1.1", f'"{path}"', f"<{path}>", f"'{path}'", f"{path}?token=1", f"{path}#x",
                     f"https://pms.example.org{path}", f"Not Found: {path}", f"{path}\tnext", path, f"{path}/"):
            fits = any(route.shape.search(found.group(1)) for found in _PATH_IN_TEXT.finditer(text)
                       for route in index.secret)
            found_some += fits
            assert not fits or index.any_secret_in_text.search(text), text
    assert found_some and not index.any_secret_in_text.search("GET /v1/bench/floor HTTP/1.1")


def _both_lines(environ: dict, status="200 OK", sent=345, access_log_format=None) -> tuple[str, str]:
    """The line the redacting logger writes for a request, and the line gunicorn's generic
    way (``atoms``, ``SafeAtoms``, the format) makes of the same request."""
    from gunicorn.config import Config

    class Response:
        headers = [("Content-Type", "application/json")]

    Response.status, Response.sent = status, sent
    config = Config()
    config.set("accesslog", "-")
    if access_log_format is not None:
        config.set("access_log_format", access_log_format)
    logger = RedactingGunicornLogger(config)
    logger.now = lambda: "[06/Dec/2026:07:08:17 +0000]"
    written = []

    class Keep(logging.Handler):
        def emit(self, record):
            written.append(record.getMessage())

    logger.access_log.handlers = [Keep()]
    request_headers = [(k[5:].replace("_", "-"), v) for k, v in environ.items() if k.startswith("HTTP_")]
    took = dt.timedelta(milliseconds=3)
    logger.access(Response(), request_headers, environ, took)
    generic = config.access_log_format % logger.atoms_wrapper_class(
        logger.atoms(Response(), request_headers, environ, took))
    return written[0], generic


def test_the_default_format_line_is_the_line_gunicorns_atoms_make():
    """gunicorn's default format is written without its generic atoms (kernel.logging):
    the line must be the one they make, quotes escaped and secrets redacted alike."""
    key = "Q" * 43
    base = {"REQUEST_METHOD": "GET", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "10.0.0.1",
            "HTTP_USER_AGENT": "wrk", "HTTP_AUTHORIZATION": "Bearer abc.def.ghi", "QUERY_STRING": ""}
    cases = [
        ("/v1/bench/floor", {}),
        (f"/partnermanagement/v1/policies/policies/partnerApiKey/{key}", {}),
        (f"/partnermanagement/v1/pmpartners/validatePartnerMisp/partnerId/p1/partnerApiKey/{key}"
         f"/mispLicenseKey/{'L' * 50}", {"HTTP_REFERER": f"https://pms.example.org/x/partnerApiKey/{key}"}),
        (f"/nothing/here/{key}?token=abc&page=2", {"HTTP_USER_AGENT": 'say "hi"'}),
        ('/v1/x"y', {"HTTP_AUTHORIZATION": "Basic " + "dXNlciJuYW1lOnB3"}),  # user name with a quote
        ("/partnermanagement/v1/partners/p1", {"REMOTE_ADDR": None}),
        ("/healthz", {"HTTP_USER_AGENT": None, "HTTP_REFERER": "-"}),
    ]
    for path, extra in cases:
        environ = {**base, "RAW_URI": path, "PATH_INFO": path.split("?")[0],
                   "QUERY_STRING": path.partition("?")[2], **extra}
        environ = {k: v for k, v in environ.items() if not (v is None and k.startswith("HTTP_"))}
        for status, sent in (("200 OK", 345), ("404 Not Found", 0), (500, None)):
            fast, generic = _both_lines(environ, status, sent)
            assert fast == generic, (path, status)
            assert key not in fast
    # Another format: the generic way, the same redaction.
    fast, generic = _both_lines({**base, "RAW_URI": f"/partnermanagement/v1/policies/partnerApiKey/{key}",
                                 "PATH_INFO": "/x"}, access_log_format='%(h)s "%(r)s" %(D)s')
    assert key not in fast and fast.startswith('10.0.0.1 "GET /partnermanagement/v1/policies/partnerApiKey/[redacted]')


def test_the_default_format_line_does_not_make_the_generic_atoms():
    from gunicorn.config import Config

    logger = RedactingGunicornLogger(Config())
    logger.cfg.set("accesslog", "-")
    logger.access_log.handlers = [logging.NullHandler()]
    logger.atoms = lambda *args: pytest.fail("the generic atoms were made")
    errors = []
    logger.error = lambda *args: errors.append(args)

    class Response:
        status, sent, headers = "200 OK", 1, []

    logger.access(Response(), [], {"REQUEST_METHOD": "GET", "RAW_URI": "/v1/bench/floor",
                                   "SERVER_PROTOCOL": "HTTP/1.1"}, dt.timedelta(0))
    assert errors == []
