"""Identity records in the back office, for partner admins, read-only: machine clients,
revoked tokens, the 1.2 portal consents, and Django's own user and group pages (users are added on the back-office
users page and changed with ``manage.py create_pms_user``, both audited; a role group's
model permissions grant nothing, see kernel.admin_support.OperationAdminMixin)."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from simple_history.admin import SimpleHistoryAdmin

from kernel.admin_support import ReadOnlyAdminMixin, ScopedHistoryMixin, admin_actor

from .models import MachineClient, RevokedToken, UserConsent
from .operations import MACHINE_CLIENTS_READ, REVOKED_TOKENS_READ, USERS_READ


@admin.register(MachineClient)
class MachineClientAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Secrets are set with ``manage.py create_pms_user --client-secret``."""

    list_display = ["client_id", "user", "created_at", "updated_at"]
    search_fields = ["client_id", "user__username"]
    readonly_fields = ["client_id", "user", "secret_hash", "created_at", "updated_at"]
    operations = {"view": MACHINE_CLIENTS_READ}


@admin.register(RevokedToken)
class RevokedTokenAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Tokens are revoked by ``invalidateToken`` and purged by ``manage.py purge_revoked_tokens``."""

    list_display = ["jti", "revoked_by", "revoked_at", "expires_at"]
    readonly_fields = ["jti", "revoked_by", "revoked_at", "expires_at"]
    operations = {"view": REVOKED_TOKENS_READ}


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class PmsUserAdmin(ReadOnlyAdminMixin, UserAdmin):
    operations = {"view": USERS_READ}


@admin.register(Group)
class PmsGroupAdmin(ReadOnlyAdminMixin, GroupAdmin):
    operations = {"view": USERS_READ}


@admin.register(UserConsent)
class UserConsentAdmin(ReadOnlyAdminMixin, ScopedHistoryMixin, SimpleHistoryAdmin):
    """Who accepted the 1.2 partner portal's terms, and when. Given by the user only (R112,
    partners.services.consent); the API shows each user their own consent, so in the back
    office only partner admins, who see every user record, see them (USERS_READ)."""

    list_display = ["user", "consent_given", "consent_given_at", "updated_at"]
    list_filter = ["consent_given"]
    search_fields = ["user__username"]
    fields = ["user", "consent_given", "consent_given_at", "created_by", "created_at", "updated_by", "updated_at"]
    readonly_fields = fields
    operations = {"view": USERS_READ}

    def get_queryset(self, request):
        rows = super().get_queryset(request).select_related("user")
        return rows if admin_actor(request).is_partner_admin else rows.none()
