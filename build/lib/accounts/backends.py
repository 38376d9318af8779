"""Django's own logins (the admin's login page, the portal's) check passwords through
``accounts.services.verify_password_login``: the same lock-out and audit rows as the API."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from kernel.actors import Actor
from kernel.errors import PmsError

from .errors import AccountErrors


class PmsLoginBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        from .services import verify_password_login

        try:
            return verify_password_login(str(username), str(password), Actor.anonymous())
        except PmsError as exc:
            if request is not None and exc.error is AccountErrors.LOCKED_OUT:
                request.pms_login_refusal = exc.message  # shown by accounts.forms.LockoutAwareLoginForm
            return None
