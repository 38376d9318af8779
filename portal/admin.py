"""The back office's landing page (a "Waiting for you" panel per role on the admin index)
and the pending self-registrations, read-only, for partner admins. Neither the code nor
the password hash of a registration is ever shown."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from kernel.admin_support import ReadOnlyAdminMixin, ScopedHistoryMixin, admin_actor, export_as_csv

from .models import PendingRegistration

admin.site.index_template = "admin/pms_index.html"
admin.site.site_header = _("Partner Management back office")
admin.site.site_title = _("Partner Management")
admin.site.index_title = _("Your work")


@admin.register(PendingRegistration)
class PendingRegistrationAdmin(ReadOnlyAdminMixin, ScopedHistoryMixin, SimpleHistoryAdmin):
    list_display = ["organization_name", "email", "partner_type", "policy_group", "status", "failed_attempts", "sends",
                    "created_at", "partner_id"]
    list_filter = ["status", "partner_type", "created_at"]
    search_fields = ["organization_name", "email", "partner_id"]
    fields = ["id", "organization_name", "email", "partner_type", "policy_group", "contact_no", "address", "language",
              "status", "sends", "failed_attempts", "otp_sent_at", "otp_expires_at", "locked_at", "verified_at",
              "partner_id", "created_by", "created_at", "updated_by", "updated_at"]
    readonly_fields = fields
    actions = [export_as_csv]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if admin_actor(request).is_partner_admin else qs.none()
