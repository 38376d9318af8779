"""What every domain admin needs: the acting user as an Actor, and service errors shown
as admin messages instead of server errors."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect

from .actors import Actor
from .errors import PmsError
from .middleware import current_request_context
from .roles import roles_of_user


def admin_actor(request) -> Actor:
    user = request.user
    ctx = current_request_context()
    return Actor(
        username=user.username,
        roles=roles_of_user(user),
        user=user,
        client_ip=ctx.client_ip if ctx else "",
        request_id=ctx.request_id if ctx else "",
    )


class ServiceBackedAdminMixin:
    """Saves go through the app's services, which own their transactions (so a failure
    audit row survives); the admin's own wrapping transaction is therefore skipped, and a
    PmsError raised while saving becomes an error message on the same page."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return self._changeform_view(request, object_id, form_url, extra_context)
        except PmsError as exc:
            for item in exc.items():
                self.message_user(request, f"{item['errorCode']}: {item['message']}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def run_service_action(self, request, queryset, label: str, call) -> None:
        done, failed = 0, 0
        for obj in queryset:
            try:
                call(obj)
                done += 1
            except PmsError as exc:
                failed += 1
                self.message_user(request, f"{obj}: {exc.code}: {exc.message}", messages.ERROR)
        if done:
            self.message_user(request, f"{label}: {done} done.", messages.SUCCESS)
