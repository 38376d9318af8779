"""Admin for MISP admins (and partner admins): MISPs and their license keys. Every change
goes through the MISP services, so it is checked, historied and audited as over the API.
Key values are shown masked; an admin who needs one in clear asks for it on the key's
reveal page (a POST, audited as PMS_MSP_210), and it is shown once, on that page only."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from kernel.admin_support import (
    ReadOnlyAdminMixin,
    ScopedHistoryMixin,
    ServiceActionsMixin,
    ServiceBackedAdminMixin,
    admin_actor,
    export_as_csv,
)
from kernel.errors import PmsError

from . import services
from .models import LicenseKey, Misp
from .operations import LICENSE_REVEAL, LICENSE_UPDATE, MISP_APPROVAL, MISP_CREATE, MISP_READ, MISP_STATUS, MISP_UPDATE
from .selectors import license_keys_visible_to, misps_visible_to


def _reveal_link(key: LicenseKey) -> str:
    return format_html('<a href="{}">Reveal…</a>', reverse("admin:misp_licensekey_reveal", args=[key.pk]))


@admin.register(Misp)
class MispAdmin(ServiceBackedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "id", "partner", "approval_status", "is_active", "email", "updated_at"]
    list_filter = ["approval_status", "is_active"]
    list_select_related = ["partner"]
    search_fields = ["name", "id", "email"]
    fields = ["name", "contact_no", "email", "address"]
    actions = ["approve_selected", "reject_selected", "activate_selected", "deactivate_selected", export_as_csv]
    service_error_fields = {"PMS_MSP_003": "name"}
    operations = {"view": MISP_READ, "add": MISP_CREATE, "change": MISP_UPDATE, "decide": MISP_APPROVAL,
                  "status": MISP_STATUS}
    service_field_names = {"organizationName": "name", "contactNumber": "contact_no", "emailId": "email"}

    def get_queryset(self, request):
        return misps_visible_to(admin_actor(request))

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.fields
        return ["id", "partner", *self.fields, "approval_status", "is_active", "license_keys", "created_by",
                "created_at", "updated_by", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        fixed = super().get_readonly_fields(request, obj)
        if obj is None:
            return fixed
        return [*fixed, "id", "partner", "approval_status", "is_active", "license_keys", "created_by", "created_at",
                "updated_by", "updated_at"]

    @admin.display(description="license keys")
    def license_keys(self, misp):
        """A read-only table, not an inline: the service saves while the form validates, so
        the page must hold no formset that could still fail after it."""
        keys = list(misp.license_keys.select_related("policy"))  # the MISP itself came through the scoped queryset
        rows = format_html_join("", "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td>"
                                    "<td>{}</td><td>{}</td></tr>",
                                ((k.id, k.masked(), k.policy or "-", k.valid_from, k.valid_to,
                                  "active" if k.is_active else "inactive", _reveal_link(k)) for k in keys))
        return format_html("<table><tr><th>id</th><th>key</th><th>policy</th><th>valid from</th><th>valid to</th>"
                           "<th>status</th><th></th></tr>{}</table>", rows) if keys else "none"

    def save_through_service(self, request, instance, data, change):
        actor = admin_actor(request)
        details = {"name": data.get("name"), "contact_no": data.get("contact_no"), "email": data.get("email"),
                   "address": data.get("address")}
        if change:
            return services.update_misp(actor=actor, misp_id=instance.pk, **details)
        return services.create_misp(actor=actor, **details)

    def _decide(self, request, queryset, approve: bool, label: str):
        actor = admin_actor(request)
        self.run_service_action(request, queryset, label,
                                lambda m: services.decide_misp(actor=actor, misp_id=m.pk, approve=approve))

    def _set_active(self, request, queryset, active: bool, label: str):
        actor = admin_actor(request)
        self.run_service_action(request, queryset, label,
                                lambda m: services.set_misp_active(actor=actor, misp_id=m.pk, active=active))

    @admin.action(description="Approve selected MISPs (issues a license key)", permissions=["decide"])
    def approve_selected(self, request, queryset):
        self._decide(request, queryset, True, "Approved")

    @admin.action(description="Reject selected MISPs (deactivates their keys)", permissions=["decide"])
    def reject_selected(self, request, queryset):
        self._decide(request, queryset, False, "Rejected")

    @admin.action(description="Activate selected MISPs (revives their unexpired keys)", permissions=["status"])
    def activate_selected(self, request, queryset):
        self._set_active(request, queryset, True, "Activated")

    @admin.action(description="Deactivate selected MISPs (and their keys)", permissions=["status"])
    def deactivate_selected(self, request, queryset):
        self._set_active(request, queryset, False, "Deactivated")


@admin.register(LicenseKey)
class LicenseKeyAdmin(ReadOnlyAdminMixin, ServiceActionsMixin, ScopedHistoryMixin, SimpleHistoryAdmin):
    list_display = ["id", "misp", "policy", "masked_value", "valid_from", "valid_to", "is_active", "reveal"]
    list_filter = ["is_active"]
    list_select_related = ["misp", "policy"]
    search_fields = ["id", "misp__id", "misp__name"]
    fields = ["id", "misp", "policy", "masked_value", "valid_from", "valid_to", "is_active", "created_by", "created_at",
              "updated_by", "updated_at", "reveal"]
    readonly_fields = fields
    actions = ["activate_selected", "deactivate_selected", export_as_csv]
    csv_columns = ["id", "misp", "masked_value", "valid_from", "valid_to", "is_active", "policy"]  # masked, never the key
    # The API reads a MISP with its keys (MISP_READ); the reveal page is its own operation.
    operations = {"view": MISP_READ, "status": LICENSE_UPDATE, "reveal": LICENSE_REVEAL}

    def get_queryset(self, request):
        return license_keys_visible_to(admin_actor(request))

    @admin.display(description="key")
    def masked_value(self, key):
        return key.masked()

    @admin.display(description="")
    def reveal(self, key):
        return _reveal_link(key)

    def _set_active(self, request, queryset, active: bool, label: str):
        actor = admin_actor(request)
        self.run_service_action(request, queryset, label, lambda k: services.set_license_key_active(
            actor=actor, misp_id=k.misp_id, key_id=k.pk, active=active))

    @admin.action(description="Activate selected keys (not expired ones of active MISPs only)", permissions=["status"])
    def activate_selected(self, request, queryset):
        self._set_active(request, queryset, True, "Activated")

    @admin.action(description="Deactivate selected keys", permissions=["status"])
    def deactivate_selected(self, request, queryset):
        self._set_active(request, queryset, False, "Deactivated")

    def get_urls(self):
        reveal = path("<path:object_id>/reveal/", self.admin_site.admin_view(self.reveal_view),
                      name="misp_licensekey_reveal")
        return [reveal, *super().get_urls()]

    def reveal_view(self, request, object_id):
        """GET asks for confirmation; POST (CSRF-protected) reveals and audits. The value is
        in this one response only (no-store, like every answer), never in a message or log."""
        if not self.has_reveal_permission(request):
            raise PermissionDenied
        key = self.get_queryset(request).filter(pk=object_id).first()
        if key is None:
            raise Http404
        context = {**self.admin_site.each_context(request), "opts": self.opts, "key": key, "title": "Reveal license key",
                   "masked": key.masked(), "value": None, "error": None}
        if request.method == "POST":
            try:
                _, context["value"] = services.reveal_license_key(actor=admin_actor(request), key_id=key.pk)
            except PmsError as exc:
                context["error"] = f"{exc.code}: {exc.message}"
        elif request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return TemplateResponse(request, "admin/misp/licensekey/reveal.html", context)
