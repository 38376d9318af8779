"""Admin for partner managers: the partners and API-key requests of their policy groups
(partner admins: all), read-only but for the actions, which call the services; history
scoped like the lists. Key values never appear here."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kernel.admin_support import ReadOnlyAdminMixin, ScopedHistoryMixin, ServiceBackedAdminMixin, admin_actor, export_as_csv

from . import services
from .models import (
    ApiKeyExpiryNotice,
    ApiKeyRequest,
    OidcClient,
    Partner,
    PartnerApiKey,
    PartnerCertificate,
    PartnerCredentialType,
    PartnerType,
    RequestStatus,
    TrustedCertificate,
)
from .operations import (
    API_KEY_DECIDE,
    API_KEY_STATUS,
    CERTIFICATES_READ,
    CREDENTIAL_TYPES_BACK_OFFICE_READ,
    MANAGED_API_KEY_READ,
    MANAGED_PARTNER_READ,
    OIDC_CLIENTS_BACK_OFFICE_READ,
    PARTNER_STATUS,
    PARTNER_TYPE_SAVE,
    PARTNER_TYPES_READ,
)
from .selectors import api_keys_managed_by, partners_managed_by, requests_managed_by


class ReadOnlyAdmin(ReadOnlyAdminMixin, ScopedHistoryMixin, SimpleHistoryAdmin):
    pass


@admin.register(Partner)
class PartnerAdmin(ServiceBackedAdminMixin, ReadOnlyAdmin):
    list_display = ["name", "id", "partner_type", "policy_group", "is_active", "email", "updated_at"]
    list_filter = ["is_active", "partner_type", ("policy_group", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "id", "email"]
    actions = ["activate_selected", "deactivate_selected", export_as_csv]
    operations = {"view": MANAGED_PARTNER_READ, "status": PARTNER_STATUS}

    def get_queryset(self, request):
        return partners_managed_by(admin_actor(request))

    def _set_active(self, request, queryset, active: bool, label: str):
        actor = admin_actor(request)
        self.run_service_action(request, queryset, label,
                                lambda p: services.set_partner_active(actor=actor, partner_id=p.pk, active=active))

    @admin.action(description="Activate selected partners", permissions=["status"])
    def activate_selected(self, request, queryset):
        self._set_active(request, queryset, True, "Activated")

    @admin.action(description="Deactivate selected partners", permissions=["status"])
    def deactivate_selected(self, request, queryset):
        self._set_active(request, queryset, False, "Deactivated")


@admin.register(ApiKeyRequest)
class ApiKeyRequestAdmin(ServiceBackedAdminMixin, ReadOnlyAdmin):
    list_display = ["id", "partner", "policy", "status", "created_at", "decided_by", "decided_at"]
    list_filter = ["status", ("partner__policy_group", admin.RelatedOnlyFieldListFilter),
                   ("policy", admin.RelatedOnlyFieldListFilter), "created_at"]
    search_fields = ["id", "label", "partner__name", "partner__id", "policy__name"]
    date_hierarchy = "created_at"
    actions = ["approve_selected", "reject_selected", export_as_csv]
    operations = {"view": MANAGED_API_KEY_READ, "decide": API_KEY_DECIDE}

    def get_queryset(self, request):
        return requests_managed_by(admin_actor(request))

    def _decide(self, request, queryset, approve: bool, label: str):
        actor = admin_actor(request)
        self.run_service_action(request, queryset.filter(status=RequestStatus.IN_PROGRESS), label,
                                lambda r: services.decide_api_key_request(actor=actor, request_id=r.pk, approve=approve))

    @admin.action(description="Approve selected In-Progress requests (creates the keys)", permissions=["decide"])
    def approve_selected(self, request, queryset):
        self._decide(request, queryset, True, "Approved")

    @admin.action(description="Reject selected In-Progress requests", permissions=["decide"])
    def reject_selected(self, request, queryset):
        self._decide(request, queryset, False, "Rejected")


@admin.register(PartnerApiKey)
class PartnerApiKeyAdmin(ServiceBackedAdminMixin, ReadOnlyAdmin):
    """The keys of the manager's groups, masked; revoking (deactivating) and re-activating
    go through PM3 (``set_api_key_active``), audited 124/224/426 like the API."""

    list_display = ["id", "partner", "policy", "masked_value", "valid_from", "valid_to", "is_active", "label"]
    list_filter = ["is_active", ("partner__policy_group", admin.RelatedOnlyFieldListFilter),
                   ("policy", admin.RelatedOnlyFieldListFilter), "valid_to"]
    search_fields = ["id", "label", "partner__name", "partner__id", "policy__name"]
    fields = ["id", "partner", "policy", "request", "label", "masked_value", "valid_from", "valid_to", "is_active", "created_by",
              "created_at", "updated_by", "updated_at"]
    readonly_fields = fields
    actions = ["deactivate_selected", "activate_selected", export_as_csv]
    operations = {"view": MANAGED_API_KEY_READ, "status": API_KEY_STATUS}

    def get_queryset(self, request):
        return api_keys_managed_by(admin_actor(request))

    @admin.display(description="key")
    def masked_value(self, key):
        return key.masked()

    def _set_active(self, request, queryset, active: bool, label: str):
        actor = admin_actor(request)
        self.run_service_action(request, queryset, label, lambda k: services.set_api_key_active(
            actor=actor, partner_id=k.partner_id, key_id=k.pk, active=active))

    @admin.action(description="Revoke (deactivate) selected keys", permissions=["status"])
    def deactivate_selected(self, request, queryset):
        self._set_active(request, queryset, False, "Deactivated")

    @admin.action(description="Re-activate selected keys", permissions=["status"])
    def activate_selected(self, request, queryset):
        self._set_active(request, queryset, True, "Activated")


@admin.register(PartnerType)
class PartnerTypeAdmin(ServiceBackedAdminMixin, SimpleHistoryAdmin):
    """Partner admins add and change types through the service; nobody deletes one."""

    list_display = ["code", "description", "requires_policy_group", "role", "is_active"]
    list_filter = ["requires_policy_group", "is_active"]
    search_fields = ["code", "description", "role"]
    actions = [export_as_csv]
    fields = ["code", "description", "requires_policy_group", "role", "is_active"]
    operations = {"view": PARTNER_TYPES_READ, "add": PARTNER_TYPE_SAVE, "change": PARTNER_TYPE_SAVE}

    def get_readonly_fields(self, request, obj=None):
        fixed = super().get_readonly_fields(request, obj)
        return [*fixed, "code"] if obj is not None else fixed

    def save_through_service(self, request, instance, data, change):
        return services.save_partner_type(
            actor=admin_actor(request), code=instance.code if change else data["code"],
            description=data.get("description", ""), requires_policy_group=data.get("requires_policy_group", False),
            role=data.get("role", ""), is_active=data.get("is_active", True), create=not change)


@admin.register(PartnerCertificate)
class PartnerCertificateAdmin(ReadOnlyAdmin):
    list_display = ["id", "partner", "domain", "not_after", "created_at"]
    list_filter = ["domain", "not_after"]
    search_fields = ["id", "partner__name", "partner__id"]
    actions = [export_as_csv]
    operations = {"view": CERTIFICATES_READ}

    def get_queryset(self, request):
        return PartnerCertificate.objects.select_related("partner").filter(
            partner__in=partners_managed_by(admin_actor(request)))


@admin.register(TrustedCertificate)
class TrustedCertificateAdmin(ReadOnlyAdmin):
    list_display = ["subject", "domain", "is_root", "not_after", "created_by"]
    list_filter = ["domain", "is_root"]
    search_fields = ["subject", "issuer", "fingerprint"]
    actions = [export_as_csv]
    operations = {"view": CERTIFICATES_READ}


@admin.register(PartnerCredentialType)
class PartnerCredentialTypeAdmin(ReadOnlyAdmin):
    """MOSIP 1.2's credential-type mappings (R36 writes them, R37 reads them), read-only.
    Those routes are the partners' and the platform services'; of the back-office roles
    only partner admins may call them, so only they see this page."""

    list_display = ["partner", "credential_type", "policy", "is_active", "updated_at"]
    list_filter = ["is_active", "credential_type"]
    search_fields = ["partner__id", "partner__name", "credential_type", "policy__name"]
    fields = ["partner", "credential_type", "policy", "is_active", "created_by", "created_at", "updated_by",
              "updated_at"]
    readonly_fields = fields
    operations = {"view": CREDENTIAL_TYPES_BACK_OFFICE_READ}

    def get_queryset(self, request):
        rows = PartnerCredentialType.objects.select_related("partner", "policy")
        return rows if admin_actor(request).is_partner_admin else rows.none()


@admin.register(ApiKeyExpiryNotice)
class ApiKeyExpiryNoticeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The expiry reminders ``manage.py remind_expiring_api_keys`` mailed: one row per key
    and expiry time. Seen by whoever sees the keys (the partner managers of the keys'
    policy groups; partner admins all), as on the API keys page; the key stays masked."""

    list_display = ["key_label", "partner", "valid_to", "sent_at"]
    search_fields = ["key__partner__id", "key__label"]
    fields = ["key_label", "partner", "valid_to", "sent_at"]
    readonly_fields = fields
    operations = {"view": MANAGED_API_KEY_READ}

    def get_queryset(self, request):
        return ApiKeyExpiryNotice.objects.select_related("key__partner").filter(
            key__in=api_keys_managed_by(admin_actor(request)))

    @admin.display(description="key")
    def key_label(self, notice):
        return f"{notice.key.label} ({notice.key.masked()})"

    @admin.display(description="partner")
    def partner(self, notice):
        return notice.key.partner


@admin.register(OidcClient)
class OidcClientAdmin(ReadOnlyAdmin):
    """MOSIP 1.2's OAuth/OIDC clients (R103-R109 write and read them), read-only, with
    their history. Those routes are the authentication partners'; of the back-office roles
    only partner admins may call them, so only they see this page. Rows still being created
    in eSignet show too (``esignet_sync``), where the API leaves them out: the back office
    is where a stuck one is noticed (``manage.py reconcile_oidc_clients`` settles it)."""

    list_display = ["id", "display_name", "partner", "policy", "status", "api", "esignet_sync", "created_at"]
    list_filter = ["status", "api", "esignet_sync"]
    search_fields = ["id", "name", "partner__id", "partner__name", "policy__name"]
    fields = ["id", "name", "partner", "policy", "status", "api", "esignet_sync", "logo_uri", "redirect_uris",
              "public_key", "claims", "acr_values", "grant_types", "auth_methods", "created_by", "created_at",
              "updated_by", "updated_at"]
    readonly_fields = fields
    operations = {"view": OIDC_CLIENTS_BACK_OFFICE_READ}

    def get_queryset(self, request):
        rows = OidcClient.objects.select_related("partner", "policy")
        return rows if admin_actor(request).is_partner_admin else rows.none()
