"""kernel.middleware.LocaleMiddleware answers as Django's LocaleMiddleware: the same active
language, LANGUAGE_CODE, Vary and Content-Language for API paths, portal paths, language
cookies and Accept-Language headers."""

import pytest
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.test import RequestFactory
from django.utils import translation

from kernel.middleware import LocaleMiddleware

PATHS = ["/partnermanagement/v1/policies/policies/partnerApiKey/abc", "/v1/partnermanager/partners", "/portal/",
         "/fr/portal/", "/ar/", "/admin/", "/"]
HEADERS = [{}, {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}, {"HTTP_ACCEPT_LANGUAGE": "ar"},
           {"HTTP_ACCEPT_LANGUAGE": "de, en;q=0.5"}, {"HTTP_ACCEPT_LANGUAGE": "x" * 300}]
COOKIES = [{}, {"django_language": "fr"}, {"django_language": "zz"}]
# What the answer already carries: Vary written plainly only when there is none yet.
PRESETS = [{"Vary": "Cookie"}, {}, {"Vary": "*"}, {"Vary": "Accept-Language"}, {"Content-Language": "ar"}]


def _through(middleware_class, path, headers, cookies, preset=None):
    seen = {}

    def view(request):
        seen["active"] = translation.get_language()
        return HttpResponse("{}", content_type="application/json",
                            headers={"Vary": "Cookie"} if preset is None else preset)

    request = RequestFactory().get(path, **headers)
    request.COOKIES.update(cookies)
    with translation.override(None):
        response = middleware_class(view)(request)
    return (seen["active"], request.LANGUAGE_CODE, response.headers.get("Vary"), response.headers.get("Content-Language"),
            list(response.headers.items()))


@pytest.mark.parametrize("path", PATHS)
def test_the_same_language_and_headers_as_djangos(path):
    for headers in HEADERS:
        for cookies in COOKIES:
            for preset in PRESETS:
                assert _through(LocaleMiddleware, path, headers, cookies, preset) == _through(
                    DjangoLocaleMiddleware, path, headers, cookies, preset), (path, headers, cookies, preset)


def test_a_french_request_is_answered_in_french():
    assert _through(LocaleMiddleware, "/portal/", {"HTTP_ACCEPT_LANGUAGE": "fr"}, {})[1:4] == (
        "fr", "Cookie, Accept-Language", "fr")


def test_no_active_language_is_answered_as_django_answers_it():
    def view(request):
        translation.deactivate_all()
        return HttpResponse("{}")

    answers = []
    for middleware_class in (LocaleMiddleware, DjangoLocaleMiddleware):
        with translation.override(None):
            answers.append(list(middleware_class(view)(RequestFactory().get("/portal/")).headers.items()))
    assert answers[0] == answers[1]
