"""kernel.middleware.LazyMessageMiddleware: a request that never uses messages builds no
storage and its answer carries no messages cookie; one that adds a message stores it as
Django's MessageMiddleware does, and the next page shows it."""

from django.contrib import messages
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.functional import empty

from kernel.middleware import LazyMessageMiddleware


def _through(view, cookies=None):
    request = RequestFactory().get("/portal/")
    request.COOKIES.update(cookies or {})
    chain = SessionMiddleware(LazyMessageMiddleware(view))
    return request, chain(request)


def test_a_request_that_never_uses_messages_builds_no_storage():
    request, response = _through(lambda request: HttpResponse("ok"))
    assert request._messages._wrapped is empty
    assert "messages" not in response.cookies


def test_a_message_added_is_stored_and_read_on_the_next_page():
    def adds(request):
        messages.success(request, "Saved.")
        return HttpResponse("ok")

    request, response = _through(adds)
    assert "messages" in response.cookies
    seen = []

    def reads(request):
        seen.extend(str(m) for m in messages.get_messages(request))
        return HttpResponse("ok")

    _, after = _through(reads, {"messages": response.cookies["messages"].value})
    assert seen == ["Saved."]
    assert after.cookies["messages"].value == ""  # read, so the cookie is emptied
