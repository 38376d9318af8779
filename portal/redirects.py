"""POST-only pages asked for by GET.

A browser re-requests the current page by GET after the language switcher (Django's
``set_language`` redirects to ``next``), on a reload after the session ended, from a
bookmark or a shared link. Django answers a POST-only view with a blank 405; the portal
sends the visitor to a page that answers GET instead. Nothing is done on the GET: logging
out, revealing a key, sending a code stay POSTs behind the CSRF check.
"""

from __future__ import annotations

from functools import wraps

from django.shortcuts import redirect


def get_goes_to(url_name: str):
    """Wraps a POST-only view (in ``urls.py``): a GET or HEAD redirects to ``url_name``;
    any other method reaches the view, which still refuses what it does not answer."""

    def wrap(view):
        @wraps(view)
        def post_only(request, *args, **kwargs):
            if request.method in ("GET", "HEAD"):
                return redirect(url_name)
            return view(request, *args, **kwargs)

        return post_only

    return wrap
