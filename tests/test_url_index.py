"""The URL map nested by segment (kernel.routing.index_by_segment) answers every path as
the flat list it was built from: the same route, name, view and arguments, or the same
404, including ids that are reserved words and paths one segment too long or short."""

from __future__ import annotations

import importlib
import itertools
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch, Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern

import kernel.routing
from kernel.routing import index_by_segment

# Ids a client may send, reserved words among them (a converter refuses those, and Django
# then tries the next route, so the order of routes inside a segment matters).
SAMPLES = ("abc", "partnerApiKey", "policies", "misps", "validate", "search", "P1.x@y", "a b", "")


@pytest.fixture(scope="module")
def flat_patterns(monkeypatch_module):
    import config.urls

    monkeypatch_module.setattr(kernel.routing, "index_by_segment", lambda patterns, **_: patterns)
    try:
        return list(importlib.reload(config.urls).urlpatterns)
    finally:
        monkeypatch_module.undo()
        importlib.reload(config.urls)


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def _routes(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry.pattern, RoutePattern):
            yield prefix + str(entry.pattern)


def _sample_paths(routes):
    paths = set()
    for route in routes:
        parts = re.split(r"<[^>]+>", route)
        for values in itertools.islice(itertools.product(SAMPLES, repeat=len(parts) - 1), 100):
            path = parts[0] + "".join(value + parts[i + 1] for i, value in enumerate(values))
            paths |= {path, path + "/", path.rstrip("/"), path + "/x", path.rsplit("/", 1)[0]}
    return sorted(paths)


def _answer(resolver, path):
    try:
        match = resolver.resolve("/" + path)
    except Resolver404:
        return None
    return match.route, match.url_name, match.args, match.kwargs, match.func


def test_the_nested_map_answers_every_path_as_the_flat_one(flat_patterns):
    flat = URLResolver(RegexPattern(r"^/"), flat_patterns)
    nested = URLResolver(RegexPattern(r"^/"), index_by_segment(flat_patterns))
    paths = _sample_paths(_routes(flat_patterns))
    assert len(paths) > 5000
    differ = [path for path in paths if _answer(flat, path) != _answer(nested, path)]
    assert differ == []


def test_the_service_serves_the_nested_map(flat_patterns):
    served = get_resolver().url_patterns
    assert len(served) < len(flat_patterns) / 5
    assert sorted(_routes(served)) == sorted(_routes(flat_patterns))
    # a MOSIP path deep in the map is found through its segments
    match = get_resolver().resolve("/v1/partnermanager/partners/abc")
    assert match.route == "v1/partnermanager/partners/<id12:partner_id>"


def test_every_route_name_reverses_to_the_same_path(flat_patterns):
    flat = URLResolver(RegexPattern(r"^/"), flat_patterns)
    for entry in flat_patterns:
        if not isinstance(entry, URLPattern) or not entry.name or not isinstance(entry.pattern, RoutePattern):
            continue
        kwargs = {name: "abc" for name in entry.pattern.converters}
        try:
            expected = "/" + flat.reverse(entry.name, **kwargs)
        except NoReverseMatch:
            continue
        assert reverse(entry.name, kwargs=kwargs) == expected, entry.name


def test_a_regex_or_include_keeps_its_place():
    from django.urls import path, re_path

    def view(request):
        return None

    patterns = [
        path("v1/a", view, name="a"), path("v1/b", view, name="b"),
        re_path(r"^v1/.*$", view, name="catch"),
        path("v1/c", view, name="c"), path("v1/d", view, name="d"), path("v1/e", view, name="e"), path("v1/f", view, name="f"),
    ]
    indexed = index_by_segment(patterns, smallest=2)
    assert [getattr(e, "name", None) or str(e.pattern) for e in indexed] == ["v1/", "catch", "v1/"]
    resolver = URLResolver(RegexPattern(r"^/"), indexed)
    assert resolver.resolve("/v1/c").url_name == "catch"
    assert resolver.resolve("/v1/a").url_name == "a"
