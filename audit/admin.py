import csv

from django.contrib import admin
from django.http import HttpResponse

from kernel.admin_support import ReadOnlyAdminMixin
from kernel.envelope import format_time

from .models import AuditEvent
from .operations import AUDIT_READ
from .serializers import AuditEventSerializer


@admin.action(description="Export selected rows as CSV", permissions=["view"])
def export_csv(modeladmin, request, queryset):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-events.csv"'
    fields = AuditEventSerializer.Meta.fields
    writer = csv.writer(response)
    writer.writerow(fields)
    for row in queryset.order_by("-action_time", "-id").iterator(chunk_size=2000):
        data = AuditEventSerializer(row).data
        # A leading =, +, - or @ would run as a formula in a spreadsheet.
        writer.writerow([("'" + v) if isinstance(v, str) and v[:1] in "=+-@" else v for v in (data[f] for f in fields)])
    return response


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: nobody adds, edits or deletes audit rows."""

    list_display = ["action_time_text", "event_id", "event_name", "outcome", "session_user_id", "ref_id", "client_ip"]
    list_filter = ["outcome", "event_type", "module_id", "event_id", "action_time"]
    search_fields = ["event_id", "event_name", "ref_id", "session_user_id", "request_id", "description"]
    date_hierarchy = "action_time"
    actions = [export_csv]
    list_per_page = 100
    operations = {"view": AUDIT_READ}

    @admin.display(description="time (UTC)", ordering="action_time")
    def action_time_text(self, row: AuditEvent) -> str:
        return format_time(row.action_time)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in AuditEvent._meta.fields]
