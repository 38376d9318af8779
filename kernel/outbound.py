"""Calls this service makes to other services (the WebSub hub, eSignet).

A redirect is never followed: urllib turns a redirected POST into a GET that keeps the
Authorization header, so the credential would go wherever the redirect points and any answer
there would count as the peer's (a WebSub event marked published that the hub never took, a
client "created" by someone else). A 3xx comes back as ``urllib.error.HTTPError``.
"""

import urllib.request


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001, ANN201
        return None


OPENER = urllib.request.build_opener(_NoRedirect)
