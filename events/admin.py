"""The outbox for partner admins: what reached the hub, what waits, and the dead letters,
which they may send again. The events' data (it may hold keys) is never shown."""

from django.contrib import admin

from kernel.admin_support import ServiceActionsMixin, admin_actor
from kernel.envelope import format_time

from . import services
from .models import OutboxEvent
from .operations import EVENT_RESEND, EVENTS_READ


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("waiting", "waiting"), ("published", "published"), ("dead", "dead letters")]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(published_at__isnull=True, dead_at__isnull=True)
        if self.value() == "published":
            return queryset.filter(published_at__isnull=False)
        if self.value() == "dead":
            return queryset.filter(dead_at__isnull=False)
        return queryset


@admin.action(description="Send the selected dead letters again", permissions=["resend"])
def resend(modeladmin, request, queryset):
    actor = admin_actor(request)
    modeladmin.run_service_action(request, queryset, "Sent again",
                                  lambda event: services.resend_event(actor=actor, event_id=event.pk))


@admin.register(OutboxEvent)
class OutboxEventAdmin(ServiceActionsMixin, admin.ModelAdmin):
    list_display = ["topic", "state", "created", "attempts", "next_attempt", "last_error"]
    list_filter = [StateFilter, "topic"]
    search_fields = ["id", "topic"]
    fields = ["id", "topic", "publisher", "state", "created", "attempts", "next_attempt", "published", "last_error"]
    readonly_fields = fields
    actions = [resend]
    operations = {"view": EVENTS_READ, "resend": EVENT_RESEND}

    @admin.display(description="created (UTC)", ordering="created_at")
    def created(self, event):
        return format_time(event.created_at)

    @admin.display(description="next attempt (UTC)", ordering="next_attempt_at")
    def next_attempt(self, event):
        return "" if event.published_at or event.dead_at else format_time(event.next_attempt_at)

    @admin.display(description="published (UTC)", ordering="published_at")
    def published(self, event):
        return format_time(event.published_at) or ""
