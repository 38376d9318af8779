"""Mounting a service under its documented and its doubled prefix (catalog §1, SPEC §3),
and path converters that never take a reserved literal segment as an id (SPEC §9.20)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from django.urls import URLPattern, path, re_path, register_converter

from .schema import ALIAS_PATHS, ALIAS_PREFIXES

# Literal segments that are never ids, whatever their case (SPEC §9.20): every literal
# word of every mounted route, and every service name, collected as the apps' routes are
# mounted (``mount_service``), so an app's words come with its routes. ``partnerApiKey``
# is reserved before the partners app mounts its view there (SPEC §9.20 lists it).
RESERVED_SEGMENTS: set[str] = {"partnerapikey"}


def reserve_literal_segments(*paths: str) -> None:
    for text in paths:
        RESERVED_SEGMENTS.update(part.lower() for part in text.split("/") if part and "<" not in part)


class IdConverter:
    """An id: 1–128 characters of letters, digits, ``-``, ``_``, ``.``, ``@``; never a
    reserved word (Django then tries the next pattern)."""

    regex = r"[A-Za-z0-9_.@\-]{1,128}"

    def to_python(self, value: str) -> str:
        if value.lower() in RESERVED_SEGMENTS:
            raise ValueError(value)
        return value

    def to_url(self, value: str) -> str:
        return str(value)


class TextConverter(IdConverter):
    """A name in a path (a policy name has spaces): anything but ``/``, never a reserved word."""

    regex = r"[^/]{1,256}"


class SecretConverter(IdConverter):
    """A segment that *is* a secret (a partner API key, a MISP license key, a password-reset
    token): every log line, access-log line and audit reference that names the path shows
    ``[redacted]`` in its place (kernel.logging reads this marker off the URL patterns)."""

    carries_secret = True


class ContextIdConverter:
    """An id in a MOSIP 1.2 route (``<id12:...>``): the characters of ``pmsid``, but no
    reserved words. 1.2 routes are listed literal routes first under their context
    (``mount_context``), so a literal wins by order, as Spring's most specific pattern
    does, and a word that a 1.0 route reserves (``policies``, ``apikey``) stays a valid
    1.2 id, and the other way round."""

    regex = IdConverter.regex

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)


class ContextSecretConverter(ContextIdConverter):
    """A 1.2 path segment that is a secret (``<secret12:...>``), redacted like ``pmssecret``."""

    carries_secret = True


class ContextTextConverter(ContextIdConverter):
    """A name in a 1.2 path (``<text12:...>``; a policy name has spaces): anything but ``/``."""

    regex = TextConverter.regex


register_converter(IdConverter, "pmsid")
register_converter(ContextIdConverter, "id12")
register_converter(ContextSecretConverter, "secret12")
register_converter(ContextTextConverter, "text12")
register_converter(TextConverter, "pmstext")
register_converter(SecretConverter, "pmssecret")


@dataclass(frozen=True)
class Route:
    """A route of a service, relative to its prefix: ``""`` is the collection itself,
    other suffixes start with ``/`` (``"/policyGroup/<pmsid:group_id>"``)."""

    suffix: str
    view: Callable
    name: str


def mount_service(prefix: str, service: str, routes: list[Route], *, doubled: bool = True) -> list[URLPattern]:
    """``/prefix/service/service...`` (real deployments) first, then ``/prefix/service...``
    (documented), so ``service`` in the doubled form is never read as an id. The kernel's
    services (``v1/authmanager``, ``v1/auditmanager``, ``v1/keymanager``, ``v1/masterdata``)
    have no doubled form in MOSIP: ``doubled=False`` mounts the documented one only. Every
    literal word of the routes becomes reserved, and the service's name where the doubled
    form could read it as an id."""
    reserve_literal_segments(*(r.suffix for r in routes))
    patterns = []
    if doubled:
        reserve_literal_segments(service)
        twice = f"{prefix}/{service}/{service}"
        ALIAS_PREFIXES.add("/" + twice)
        patterns += [path(twice + r.suffix, r.view, name=f"{r.name}-doubled") for r in routes]
    patterns += [path(f"{prefix}/{service}" + r.suffix, r.view, name=r.name) for r in routes]
    return patterns


def mount_alias(prefix: str, routes: list[Route], name_suffix: str) -> list[URLPattern]:
    """Another prefix for the same routes (e.g. MOSIP 1.0's ``/v1/authenticate``), kept out
    of the schema."""
    ALIAS_PATHS.update("/" + prefix + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r.suffix) for r in routes)
    return [path(prefix + r.suffix, r.view, name=f"{r.name}-{name_suffix}") for r in routes]


def mount_context(context: str, routes: list[Route]) -> list[URLPattern]:
    """MOSIP 1.2's routes under a context path (``v1/partnermanager``): no doubled prefix.
    Spring picks the most specific pattern; here the first that matches wins, so list
    literal routes before the ones with an id in the same place."""
    return [path(context + r.suffix, r.view, name=r.name) for r in routes]


def context_fallback(context: str, view: Callable) -> URLPattern:
    """Last under a 1.2 context: unknown paths there authenticate first (kernel.views.UnknownRouteView)."""
    return re_path(rf"^{re.escape(context)}(?:/.*)?$", view, name=f"{context.replace('/', '-')}-unknown")


def index_by_segment(patterns: list, *, smallest: int = 4) -> list:
    """The same URL map, with the ``path()`` endpoints that share a literal first segment
    nested under one ``include`` of that segment, level by level.

    Django tries a URL map's entries in order, so a MOSIP path near the end of ours was
    matched against about a hundred routes before its own (docs/benchmark.md); nested, it
    tries a few per level. The answer for every path stays the same: two routes with
    different literal first segments never match the same path, the routes of a segment
    keep their order, a literal route without ``/`` (``"healthz"``) matches only itself, and
    anything else (a regex, an ``include``, a converter in the first segment) stays where it
    is and ends the run before it, so no route moves across it. Route names, reversing and ``resolver_match.route`` are
    unchanged (the nested routes join back to the original text). A segment with fewer
    than ``smallest`` routes stays flat: a level costs more than a few tries."""
    from django.urls import URLResolver
    from django.urls.resolvers import RoutePattern

    result: list = []
    run: list = []  # literal-segment routes and one-word routes since the last other entry

    def close_run() -> None:
        by_head: dict[str | None, list] = {}
        for entry in run:
            by_head.setdefault(_first_segment(entry), []).append(entry)
        for head, members in by_head.items():
            if head is None or len(members) < smallest:
                result.extend(members)
            else:
                inner = index_by_segment([_without_head(entry, head) for entry in members], smallest=smallest)
                result.append(URLResolver(RoutePattern(head + "/"), inner))
        run.clear()

    for entry in patterns:
        if _first_segment(entry) is not None or _matches_one_word(entry):
            run.append(entry)
        else:
            close_run()
            result.append(entry)
    close_run()
    return result


def _first_segment(entry) -> str | None:
    from django.urls import URLPattern
    from django.urls.resolvers import RoutePattern

    if not isinstance(entry, URLPattern) or not isinstance(entry.pattern, RoutePattern):
        return None
    head, slash, _ = str(entry.pattern).partition("/")
    return head if slash and head and "<" not in head else None


def _matches_one_word(entry) -> bool:
    """A literal ``path()`` endpoint without ``/`` (``"healthz"``): it matches that one
    path, which no route nested under a segment can match."""
    from django.urls import URLPattern
    from django.urls.resolvers import RoutePattern

    if not isinstance(entry, URLPattern) or not isinstance(entry.pattern, RoutePattern):
        return False
    route = str(entry.pattern)
    return "/" not in route and "<" not in route


def _without_head(entry, head: str):
    from django.urls import URLPattern
    from django.urls.resolvers import RoutePattern

    route = str(entry.pattern)[len(head) + 1:]
    pattern = RoutePattern(route, name=entry.pattern.name, is_endpoint=True)
    return URLPattern(pattern, entry.callback, entry.default_args, entry.pattern.name)
