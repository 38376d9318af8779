"""Keeping secrets out of the logs (SPEC §6): API keys, license keys and the portal's
password-reset tokens travel in some URL paths (MOSIP's P6 ``/policies/partnerApiKey/{key}``,
PM12, the manager's ``/pmpartners/{partnerId}/{key}``, ``/portal/password-reset/{uid}/{token}/``),
tokens in headers. Every log line the service writes goes through ``redact``: Django's own
("Not Found: /path", "Forbidden: /path") through the ``RedactSecrets`` filter on the
handlers, gunicorn's access log through ``RedactingGunicornLogger`` (config/gunicorn.py),
audit references through ``redact_reference``.

Which segments are secret is read off the URL patterns: a route declares a secret segment
with the ``pmssecret`` converter (kernel.routing.SecretConverter), so a new route that takes
a key cannot be forgotten here. A path that resolves to such a route has those segments
redacted; a path that resolves to another route keeps its ids; a path that resolves to
nothing (a 404, a path under a script prefix, a referer) has the segments redacted of every
secret route it looks like. The fixed rules below stay as a backstop for text that is not a
path of ours (and for when no URL configuration is loaded)."""

from __future__ import annotations

import functools
import logging
import re
import time
import traceback
from dataclasses import dataclass, field

_AFTER_SECRET_WORD = re.compile(r"(?i)(/(?:partnerApiKey|mispLicenseKey)/)[^/?#\s]+")
# /pmpartners/{partnerId}/{key} (also doubled): the second segment may be an API key.
_MANAGER_KEY = re.compile(r"(?i)(/pmpartners(?:/pmpartners)?/[^/?#\s]+/)[^/?#\s]+")
# A bare long random segment (API keys are 43 characters, license keys 50; UUIDs are 36).
_LONG_RANDOM = re.compile(r"(?<=/)[A-Za-z0-9_-]{40,}(?=[/?#\s]|$)")
_JWT = re.compile(r"[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")
_SECRET_QUERY = re.compile(r"(?i)([?&](?:token|key|licenseKey|apiKey|otp|password)=)[^&#\s]*")

REDACTED = "[redacted]"

# A path in a line of text: after an optional ``//host`` (a referer, a link), up to a query,
# a fragment, white space or a quote.
_PATH_IN_TEXT = re.compile(r"(?://[^/\s?#\"'<>]*)?(/[^\s?#\"'<>]*)")
_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")
_SEGMENT = r"[^/?#\s\"'<>]+"
# Where a secret route's shape ends: a path's next segment, query, fragment or its end; in
# a line of text also what ends a path there (_PATH_IN_TEXT).
_SHAPE_END = r"(?=[/?#;]|$)"
_SHAPE_END_IN_TEXT = r"(?=[/?#;\s\"'<>]|$)"


@dataclass(frozen=True)
class SecretRoute:
    """A URL pattern with a secret segment: ``route`` as Django's ResolverMatch names it,
    ``secrets`` the names of the secret parameters, ``shape`` the route with any text in
    each segment (a secret's group is named ``s0``, ``s1``...), found anywhere in a path."""

    route: str
    secrets: tuple[str, ...]
    shape: re.Pattern


def _shape_of(pattern, secret_names: set[str], counter: list[int]) -> str:
    from django.urls.resolvers import RoutePattern

    if not isinstance(pattern, RoutePattern):  # re_path: its own regex, groups not captured
        body = pattern.regex.pattern.removeprefix("^").removesuffix("\\Z").removesuffix("$")
        return re.sub(r"\(\?P<\w+>", "(?:", body)
    route, parts, position = str(pattern), [], 0
    for found in _ROUTE_PARAMETER.finditer(route):
        parts.append(re.escape(route[position:found.start()]))
        if found["parameter"] in secret_names:
            parts.append(f"(?P<s{counter[0]}>{_SEGMENT})")
            counter[0] += 1
        else:
            parts.append(_SEGMENT)
        position = found.end()
    parts.append(re.escape(route[position:]))
    return "".join(parts)


def _walk(patterns, chain: tuple, route: str, converters: dict):
    from django.urls import URLResolver

    for entry in patterns:
        here = str(entry.pattern)
        joined = route + here.removeprefix("^") if route else here
        merged = {**converters, **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, (*chain, entry.pattern), joined, merged)
        else:
            yield (*chain, entry.pattern), joined, merged


@dataclass(frozen=True)
class RouteIndex:
    """What redaction needs of a URL configuration: its secret routes, and the path()
    routes, which match a whole path, unlike a regex such as the API prefixes' catch-all
    (the envelope 404), whose paths are as unknown as an unresolved one."""

    secret: tuple[SecretRoute, ...]
    whole: frozenset[str]
    # Every secret shape in one alternation: most paths fit none, found in one search.
    any_secret: re.Pattern | None = None
    # The secret routes by their route, for a path that resolves whole to one of them.
    by_route: dict = field(default_factory=dict, compare=False)
    # The same alternation for a line of text: a path in it ends where _PATH_IN_TEXT ends
    # it (white space, a quote...), so a text this finds nothing in has no secret path.
    any_secret_in_text: re.Pattern | None = None


def secret_routes_of(resolver) -> tuple[SecretRoute, ...]:
    """Every route of ``resolver`` with a segment whose converter ``carries_secret``."""
    return _index_of(resolver).secret


@functools.lru_cache(maxsize=8)
def _index_of(resolver) -> RouteIndex:
    from django.urls.resolvers import RoutePattern

    secret, whole = [], set()
    for chain, route, converters in _walk(resolver.url_patterns, (), "", {}):
        if isinstance(chain[-1], RoutePattern):  # a path() endpoint matches the whole path
            whole.add(route)
        secrets = {name for name, converter in converters.items() if getattr(converter, "carries_secret", False)}
        if not secrets:
            continue
        counter = [0]
        body = "".join(_shape_of(pattern, secrets, counter) for pattern in chain)
        if body.endswith("/"):
            body = body[:-1] + "/?"  # a link without its trailing slash still carries the secret
        shape = re.compile(r"(?<=/)" + body + _SHAPE_END)
        secret.append(SecretRoute(route, tuple(sorted(secrets)), shape))
    shapes = "|".join("(?:" + re.sub(r"\(\?P<\w+>", "(?:", route.shape.pattern) + ")" for route in secret)
    by_route: dict[str, list[SecretRoute]] = {}
    for route in secret:
        by_route.setdefault(route.route, []).append(route)
    in_text = shapes.replace(_SHAPE_END, _SHAPE_END_IN_TEXT)
    return RouteIndex(tuple(secret), frozenset(whole), re.compile(shapes) if shapes else None,
                      {name: tuple(routes) for name, routes in by_route.items()},
                      re.compile(in_text) if shapes else None)


def _current_index() -> RouteIndex | None:
    try:
        from django.urls import get_resolver

        # The settings' URL configuration: what get_urlconf() gives during a request too,
        # since nothing here sets another (request.urlconf, set_urlconf).
        return _index_of(get_resolver())
    except Exception:  # no settings or no URL configuration (gunicorn's master): fixed rules only
        return None


@functools.lru_cache(maxsize=4096)
def _resolved_route(resolver, path: str) -> str | None:
    """The route serving ``path`` (cached: the access log names the same paths over and over)."""
    try:
        return resolver.resolve(path).route
    except Exception:
        return None


def _blank_secrets(path: str, routes, spare: frozenset[str] | set[str] = frozenset()) -> str:
    """Every secret group of every route's shape, found in the path as given (so one
    route's redaction cannot hide another's), replaced; a value in ``spare`` is kept."""
    spans = sorted(found.span(name) for route in routes for found in route.shape.finditer(path)
                   for name, value in found.groupdict().items() if value is not None and value.lower() not in spare)
    pieces, position = [], 0
    for begin, end in spans:
        if begin >= position:  # (one overlapping an earlier span is inside its [redacted])
            pieces += [path[position:begin], REDACTED]
        position = max(position, end)
    pieces.append(path[position:])
    return "".join(pieces)


def redact_path(path: str, index: RouteIndex | None = None) -> str:
    """``path`` with the secret segments of the route serving it replaced by ``[redacted]``;
    when no route serves it whole (a 404, a path under a prefix), those of every secret
    route it looks like."""
    index = index or _current_index()
    if index is None or index.any_secret is None or not index.any_secret.search(path):
        return path
    from django.urls import get_resolver

    resolved = _resolved_route(get_resolver(), path)
    if resolved in index.whole:  # (a shape that does not fit the path blanks nothing)
        return _blank_secrets(path, index.by_route.get(resolved, ()))
    candidates = [route for route in index.secret if route.shape.search(path)]
    if not candidates:
        return path
    # Served by no route: every shape it fits, except the literal words of our routes
    # (``/policies/policies/partnerApiKey/...`` fits ``/policies/{x}`` too), which no id
    # or key can be (kernel.routing.IdConverter refuses them).
    from .routing import RESERVED_SEGMENTS

    return _blank_secrets(path, candidates, spare=RESERVED_SEGMENTS)


def redact(text: str) -> str:
    if "/" not in text and "=" not in text and "." not in text:
        return text  # every pattern below needs one of them (a path, a query value, a JWT's dots)
    index = _current_index()
    if index is not None:
        if index.any_secret_in_text is not None and index.any_secret_in_text.search(text):
            text = _PATH_IN_TEXT.sub(
                lambda found: found.group(0)[:found.start(1) - found.start()] + redact_path(found.group(1), index),
                text)
    else:  # no URL configuration to read: the key routes by their shape
        text = _MANAGER_KEY.sub(lambda m: m.group(1) + REDACTED, text)
        text = _AFTER_SECRET_WORD.sub(lambda m: m.group(1) + REDACTED, text)
    text = _LONG_RANDOM.sub(REDACTED, text)
    if text.count(".") >= 2:  # a JWT has two dots; its search is the dearest of the three
        text = _JWT.sub(REDACTED, text)
    if "=" in text:
        text = _SECRET_QUERY.sub(lambda m: m.group(1) + REDACTED, text)
    return text


def redact_reference(value: str) -> str:
    """An audit row's reference: a path is redacted like a log line; a bare value as long
    and random as a key (40+ characters, where every id we make is at most 36) is a key."""
    return REDACTED if re.fullmatch(r"[A-Za-z0-9_-]{40,}", value) else redact(value)


class RedactSecrets(logging.Filter):
    """A handler filter: the record's message is formatted and redacted once."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, ()
        return True


def _quoted(value) -> str:
    """An access-log field as gunicorn's ``SafeAtoms`` prints it: text with its double
    quotes escaped, anything else as ``%s`` prints it."""
    return value.replace('"', '\\"') if isinstance(value, str) else str(value)


try:
    from gunicorn import glogging
    from gunicorn.config import AccessLogFormat
except ImportError:  # pragma: no cover - gunicorn is a dependency; development may run without it
    glogging = None

if glogging is not None:

    class RedactingGunicornLogger(glogging.Logger):
        """gunicorn's logger with the request line, path, query, referer and credential
        headers redacted in the access log (whichever atoms access_log_format names)."""

        PATH_ATOMS = ("r", "U", "q", "f", "{referer}i", "{location}o", "{raw_uri}e", "{path_info}e",
                      "{query_string}e", "{http_referer}e", "{request_uri}e")
        CREDENTIAL_ATOMS = ("{authorization}i", "{cookie}i", "{set-cookie}o", "{http_authorization}e",
                            "{http_cookie}e")
        _DEFAULT_FORMAT = AccessLogFormat.default

        def access(self, resp, req, environ, request_time):
            """gunicorn's default format (ours, config/gunicorn.py) is written without the
            generic atoms: gunicorn makes one of every header and environ entry for each
            request, and redacting and escaping them cost the worker more than the rest of
            a machine client's request path beyond the framework's (docs/benchmark.md). The
            line is the one ``atoms`` and ``SafeAtoms`` make (tests/test_log_redaction.py);
            another format takes the generic way."""
            enabled = getattr(self, "access_log_enabled", None)  # gunicorn 27's; 23 asks the settings
            if enabled is None:
                cfg = self.cfg
                enabled = cfg.accesslog or cfg.logconfig or cfg.logconfig_dict or getattr(cfg, "logconfig_json", None) \
                    or (cfg.syslog and not cfg.disable_redirect_access_to_syslog)
            if not enabled:
                return
            if self.cfg.access_log_format != self._DEFAULT_FORMAT:
                return super().access(resp, req, environ, request_time)
            try:
                self.access_log.info(self._default_line(resp, environ))
            except Exception:
                self.error(traceback.format_exc())

        def _default_line(self, resp, environ) -> str:
            status = resp.status
            if isinstance(status, str):
                status = status.split(None, 1)[0]
            sent = getattr(resp, "sent", None)
            request_line = redact(f"{environ['REQUEST_METHOD']} {environ['RAW_URI']} {environ['SERVER_PROTOCOL']}")
            referer = environ.get("HTTP_REFERER", "-")
            return (f'{_quoted(environ.get("REMOTE_ADDR", "-"))} - {_quoted(self._get_user(environ) or "-")} '
                    f'{self._now()} "{_quoted(request_line)}" {_quoted(status)} '
                    f'{sent is not None and str(sent) or "-"} '
                    f'"{_quoted(redact(referer) if isinstance(referer, str) else referer)}" '
                    f'"{_quoted(environ.get("HTTP_USER_AGENT", "-"))}"')

        def _now(self) -> str:
            """gunicorn's ``now()``, made once a second."""
            second = int(time.time())
            cached = getattr(self, "_clock", None)
            if cached is None or cached[0] != second:
                cached = self._clock = (second, self.now())
            return cached[1]

        def atoms(self, resp, req, environ, request_time):
            atoms = super().atoms(resp, req, environ, request_time)
            printed = self._printed_atoms()
            for name in self.PATH_ATOMS:
                if isinstance(atoms.get(name), str):
                    # Only the atoms the format prints are worth redacting one by one (a
                    # request line costs tens of microseconds); the others are blanked.
                    atoms[name] = redact(atoms[name]) if name in printed else REDACTED
            for name in self.CREDENTIAL_ATOMS:
                if name in atoms:
                    atoms[name] = REDACTED
            return atoms

        def _printed_atoms(self) -> frozenset[str]:
            """The atoms ``access_log_format`` names, as gunicorn's ``SafeAtoms`` looks them
            up (a ``{header}`` name in lower case)."""
            fmt = self.cfg.access_log_format
            cached = getattr(self, "_printed", None)
            if cached is None or cached[0] != fmt:
                names = (name.lower() if name.startswith("{") else name for name in re.findall(r"%\(([^)]*)\)", fmt))
                cached = self._printed = (fmt, frozenset(names))
            return cached[1]
