"""The kernel's middlewares write their answer headers as Django's ``ResponseHeaders``
would store them (kernel.middleware.set_plain_header): every answer of the whole chain
carries the same headers as with Django's own CommonMiddleware and LocaleMiddleware, and a
generated request id is a uuid4 in hex, as before."""

from __future__ import annotations

import re
import uuid

import pytest
from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.middleware.common import CommonMiddleware as DjangoCommonMiddleware
from django.test import Client, RequestFactory, override_settings

from kernel.middleware import CommonMiddleware, PlainResponseHeaders, new_request_id, set_plain_header

pytestmark = pytest.mark.django_db

DJANGOS = {"kernel.middleware.CommonMiddleware": "django.middleware.common.CommonMiddleware",
           "kernel.middleware.LocaleMiddleware": "django.middleware.locale.LocaleMiddleware"}
RANDOM_COOKIES = re.compile(r"=[^;]*;")


def _answers(middleware: list[str]) -> list:
    client = Client(HTTP_X_REQUEST_ID="req-1")
    seen = []
    with override_settings(MIDDLEWARE=middleware):
        for method, path, extra in [
            ("get", "/healthz", {}),
            ("get", "/partnermanagement/v1/policies/policies/partnerApiKey/abc", {}),
            ("get", "/partnermanagement/v1/nothing/here", {"HTTP_ACCEPT_LANGUAGE": "fr"}),
            ("post", "/partnermanagement/v1/partners", {"data": "{}", "content_type": "application/json"}),
            ("get", "/admin/login/", {}),
            ("get", "/admin", {}),  # the slash redirect
            ("get", "/portal/", {"HTTP_ACCEPT_LANGUAGE": "ar"}),
            ("get", "/static/nothing.css", {}),
            ("get", "/openapi.json", {}),
        ]:
            response = getattr(client, method)(path, **extra)
            content = b"" if response.streaming else response.content
            headers = {name: (RANDOM_COOKIES.sub("=…;", value) if name == "Set-Cookie" else
                              "(a time)" if name == "Expires" else value)
                       for name, value in response.headers.items() if name != "Content-Length"}
            if "Content-Length" in response:
                assert int(response["Content-Length"]) == len(content), path
            seen.append((path, response.status_code, headers, "Content-Length" in response,
                         sorted(response.cookies)))
    return seen


def test_every_answer_carries_the_headers_djangos_middlewares_give():
    ours = list(settings.MIDDLEWARE)
    assert set(DJANGOS) <= set(ours)
    assert _answers(ours) == _answers([DJANGOS.get(name, name) for name in ours])


def _common(middleware_class, response, path="/partnermanagement/v1/x"):
    request = RequestFactory().get(path)
    return middleware_class(lambda r: response)(request)


@pytest.mark.parametrize("make", [
    lambda: HttpResponse(b'{"a":1}', content_type="application/json"),
    lambda: HttpResponse(b"x", headers={"Content-Length": "1"}),
    lambda: HttpResponse(b"", status=204),
    lambda: HttpResponse("é".encode(), status=404),
    lambda: StreamingHttpResponse(iter([b"a", b"b"])),
])
def test_common_middleware_as_djangos(make):
    ours, djangos = _common(CommonMiddleware, make()), _common(DjangoCommonMiddleware, make())
    assert (ours.status_code, list(ours.headers.items())) == (djangos.status_code, list(djangos.headers.items()))


def test_a_plain_header_is_stored_as_django_stores_it():
    for name, value in [("X-Request-ID", new_request_id()), ("Cache-Control", "no-store"), ("Pragma", "no-cache"),
                        ("Content-Length", "123"), ("Vary", "Accept-Language"), ("Content-Language", "fr")]:
        plain, django = HttpResponse(), HttpResponse()
        set_plain_header(plain, name, value)
        django[name] = value
        assert plain.headers._store == django.headers._store


def test_a_generated_request_id_is_a_uuid4_in_hex():
    ids = {new_request_id() for _ in range(2000)}
    assert len(ids) == 2000
    for made in ids:
        assert uuid.UUID(hex=made).version == 4 and uuid.UUID(hex=made).variant == uuid.RFC_4122
        assert uuid.UUID(hex=made).hex == made
    answered = Client().get("/partnermanagement/v1/x")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}", answered)


def test_a_supplied_request_id_is_echoed_as_before():
    assert Client(HTTP_X_REQUEST_ID="abc-123").get("/partnermanagement/v1/x")["X-Request-ID"] == "abc-123"
    echoed = Client(HTTP_X_REQUEST_ID="café").get("/partnermanagement/v1/x")["X-Request-ID"]
    expected = HttpResponse()
    expected["X-Request-ID"] = "café"
    assert echoed == expected["X-Request-ID"]


def _outcome(headers, operation):
    try:
        result = operation(headers)
    except Exception as refused:
        result = ("raised", type(refused).__name__)
    return result, dict(headers._store)


NAMES = ["X-Request-ID", "content-type", "Vary", "Content-Language", "X-Frame-Options", "Référence", "Bad\nName", b"Bytes"]
VALUES = ["nosniff", "same-origin", "fr", "", "café", "数字", "line\nbreak", "cr\rhere", b"bytes", 42, None]


def test_plain_response_headers_behave_as_djangos():
    """Every operation Django's middlewares and DRF use, on names and values of every kind
    (plain, Latin-1, beyond Latin-1, line breaks, bytes, numbers), present and absent: the
    same result, the same stored headers, the same refusals."""
    from django.http.response import ResponseHeaders

    def pair():
        plain = HttpResponse(content_type="application/json")
        PlainResponseHeaders.adopt(plain)
        assert type(plain.headers) is PlainResponseHeaders
        return plain.headers, HttpResponse(content_type="application/json").headers

    for name in NAMES:
        for value in VALUES:
            operations = [
                lambda h, n=name, v=value: h.__setitem__(n, v),
                lambda h, n=name, v=value: h.setdefault(n, v),
                lambda h, n=name: n in h,
                lambda h, n=name: h.get(n),
                lambda h, n=name: h.get(n, "fallback"),
            ]
            for operation in operations:
                ours, djangos = pair()
                assert type(djangos) is ResponseHeaders
                assert _outcome(ours, operation) == _outcome(djangos, operation), (name, value)
                ours, djangos = pair()
                for headers in (ours, djangos):  # the header already there
                    headers["Vary"], headers["X-Frame-Options"] = "Cookie", "DENY"
                assert _outcome(ours, operation) == _outcome(djangos, operation), (name, value)


def test_api_answers_get_plain_response_headers():
    answer = Client().get("/partnermanagement/v1/policies/policies/partnerApiKey/abc")
    assert answer.status_code == 401 and type(answer.headers) is PlainResponseHeaders
    assert answer["X-Frame-Options"] == "DENY" and answer["X-Content-Type-Options"] == "nosniff"
