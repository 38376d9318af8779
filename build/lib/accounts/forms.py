from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm


class LockoutAwareLoginForm(AdminAuthenticationForm):
    """The admin's login form, saying so when the account is locked out rather than
    repeating "wrong password" (the backend leaves the reason on the request)."""

    def get_invalid_login_error(self):
        refusal = getattr(self.request, "pms_login_refusal", None)
        if refusal:
            return forms.ValidationError(refusal, code="locked_out")
        return super().get_invalid_login_error()
