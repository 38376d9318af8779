from django.contrib import admin

from .models import MachineClient, RevokedToken


@admin.register(MachineClient)
class MachineClientAdmin(admin.ModelAdmin):
    list_display = ["client_id", "user", "created_at", "updated_at"]
    search_fields = ["client_id", "user__username"]
    readonly_fields = ["client_id", "user", "secret_hash", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False  # secrets are set with `manage.py create_pms_user --client-secret`


@admin.register(RevokedToken)
class RevokedTokenAdmin(admin.ModelAdmin):
    list_display = ["jti", "revoked_by", "revoked_at", "expires_at"]
    readonly_fields = ["jti", "revoked_by", "revoked_at", "expires_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
