"""Admin for zonal admins (and partner admins): all device master data, scoped by the same
selectors as the API. Types and sub-types are added and changed through the services;
providers, FTPs, MDS and devices are read-only but for the actions (activate, deactivate,
revoke, retire), which call the services. History is read-only."""

from __future__ import annotations

from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from kernel.admin_support import ReadOnlyAdminMixin, ScopedHistoryMixin, ServiceActionsMixin, ServiceBackedAdminMixin, admin_actor
from kernel.errors import PmsError

from . import services
from .models import (
    DeviceDetail,
    DeviceDetailSbi,
    DeviceProvider,
    DeviceStatus,
    DeviceSubType,
    DeviceType,
    FoundationalTrustProvider,
    FtmChipDetail,
    MosipDeviceService,
    RegisteredDevice,
    SecureBiometricInterface,
)
from .operations import (
    DETAIL_APPROVAL_12,
    DEVICE_DEREGISTER,
    DEVICE_DETAILS_BACK_OFFICE_READ_12,
    DEVICE_MAPPINGS_BACK_OFFICE_READ_12,
    DEVICE_RECORDS_READ,
    DEVICE_STATUS,
    DEVICE_TYPE_SAVE,
    FTM_CHIP_APPROVAL_12,
    FTM_CHIPS_ADMIN_READ_12,
    FTP_UPDATE,
    MDS_UPDATE,
    PROVIDER_UPDATE,
    SBI_APPROVAL_12,
    SBIS_BACK_OFFICE_READ_12,
)
from .selectors import devices_managed_by, ftps_managed_by, manages_all_devices, providers_managed_by, services_managed_by
from .selectors12 import devices_in_scope, mappings_in_scope, sbis_in_scope
from .services import device_details12, ftm12, sbi12


class ReadOnlyAdmin(ReadOnlyAdminMixin, ServiceActionsMixin, ScopedHistoryMixin, SimpleHistoryAdmin):
    pass


def _provider_details(provider: DeviceProvider, active: bool) -> services.ProviderDetails:
    return services.ProviderDetails(vendor_name=provider.vendor_name, address=provider.address, email=provider.email,
                                    contact_number=provider.contact_number,
                                    certificate_alias=provider.certificate_alias, is_active=active)


@admin.register(DeviceProvider)
class DeviceProviderAdmin(ReadOnlyAdmin):
    list_display = ["vendor_name", "id", "is_active", "email", "owner", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["vendor_name", "id", "email"]
    actions = ["activate_selected", "deactivate_selected"]
    operations = {"view": DEVICE_RECORDS_READ, "status": PROVIDER_UPDATE}

    def get_queryset(self, request):
        return providers_managed_by(admin_actor(request)).select_related("owner")

    def _set_active(self, request, queryset, active, label):
        actor = admin_actor(request)
        self.run_service_action(request, queryset, label, lambda p: services.update_device_provider(
            actor=actor, provider_id=p.pk, details=_provider_details(p, active)))

    @admin.action(description="Activate selected device providers", permissions=["status"])
    def activate_selected(self, request, queryset):
        self._set_active(request, queryset, True, "Activated")

    @admin.action(description="Deactivate selected device providers (their devices stop validating)",
                  permissions=["status"])
    def deactivate_selected(self, request, queryset):
        self._set_active(request, queryset, False, "Deactivated")


@admin.register(FoundationalTrustProvider)
class FoundationalTrustProviderAdmin(ReadOnlyAdmin):
    list_display = ["name", "id", "is_active", "cert_alias", "has_certificate", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "id", "email"]
    actions = ["activate_selected", "deactivate_selected"]
    operations = {"view": DEVICE_RECORDS_READ, "status": FTP_UPDATE}

    def get_queryset(self, request):
        return ftps_managed_by(admin_actor(request))

    @admin.display(boolean=True, description="certificate on file")
    def has_certificate(self, ftp):
        return bool(ftp.certificate)

    def _set_active(self, request, queryset, active, label):
        actor = admin_actor(request)
        self.run_service_action(request, queryset, label, lambda f: services.update_ftp(
            actor=actor, ftp_id=f.pk, details=services.FtpDetails(
                name=f.name, address=f.address, email=f.email, contact_no=f.contact_no, cert_alias=f.cert_alias,
                is_active=active)))

    @admin.action(description="Activate selected foundational trust providers", permissions=["status"])
    def activate_selected(self, request, queryset):
        self._set_active(request, queryset, True, "Activated")

    @admin.action(description="Deactivate selected foundational trust providers", permissions=["status"])
    def deactivate_selected(self, request, queryset):
        self._set_active(request, queryset, False, "Deactivated")


@admin.register(MosipDeviceService)
class MosipDeviceServiceAdmin(ReadOnlyAdmin):
    list_display = ["id", "device_provider", "make", "model", "sw_version", "device_type", "device_sub_type",
                    "is_active", "sw_expiry_time"]
    list_filter = ["is_active", "device_type"]
    search_fields = ["id", "sw_version", "make", "model", "device_provider__vendor_name", "device_provider__id"]
    actions = ["activate_selected", "deactivate_selected"]
    operations = {"view": DEVICE_RECORDS_READ, "status": MDS_UPDATE}

    def get_queryset(self, request):
        return services_managed_by(admin_actor(request))

    def _set_active(self, request, queryset, active, label):
        actor = admin_actor(request)
        self.run_service_action(request, queryset, label, lambda m: services.update_device_service(
            actor=actor, service_id=m.pk, details=services.ServiceDetails(
                device_provider_id=m.device_provider_id, device_type=m.device_type_id,
                device_sub_type=m.device_sub_type.code, sw_version=m.sw_version, sw_binary_hash=m.sw_binary_hash,
                make=m.make, model=m.model, sw_create_time=m.sw_create_time, sw_expiry_time=m.sw_expiry_time,
                is_active=active)))

    @admin.action(description="Activate selected device services", permissions=["status"])
    def activate_selected(self, request, queryset):
        self._set_active(request, queryset, True, "Activated")

    @admin.action(description="Deactivate selected device services", permissions=["status"])
    def deactivate_selected(self, request, queryset):
        self._set_active(request, queryset, False, "Deactivated")


@admin.register(RegisteredDevice)
class RegisteredDeviceAdmin(ReadOnlyAdmin):
    list_display = ["code", "device_provider", "make", "model", "serial_no", "purpose", "certification", "status",
                    "created_at"]
    list_filter = ["status", "purpose", "certification", "device_type"]
    search_fields = ["code", "serial_no", "device_id", "device_provider__vendor_name", "device_provider__id"]
    actions = ["revoke_selected", "retire_selected"]
    operations = {"view": DEVICE_RECORDS_READ, "status": DEVICE_STATUS, "deregister": DEVICE_DEREGISTER}

    def get_queryset(self, request):
        return devices_managed_by(admin_actor(request))

    def _set_status(self, request, queryset, status, label):
        actor = admin_actor(request)
        self.run_service_action(request, queryset, label, lambda d: services.change_device_status(
            actor=actor, code=d.pk, status=status))

    @admin.action(description="Revoke selected devices (final: they stop validating)", permissions=["status"])
    def revoke_selected(self, request, queryset):
        self._set_status(request, queryset, DeviceStatus.REVOKED, "Revoked")

    @admin.action(description="Retire (deregister) selected devices", permissions=["deregister"])
    def retire_selected(self, request, queryset):
        actor = admin_actor(request)
        self.run_service_action(request, queryset, "Retired",
                                lambda d: services.deregister_device(actor=actor, code=d.pk))


@admin.register(DeviceType)
class DeviceTypeAdmin(ServiceBackedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "description", "is_active"]
    fields = ["code", "name", "description", "is_active"]
    operations = {"view": DEVICE_RECORDS_READ, "add": DEVICE_TYPE_SAVE, "change": DEVICE_TYPE_SAVE}

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        return rows if manages_all_devices(admin_actor(request)) else rows.none()

    def get_readonly_fields(self, request, obj=None):
        fixed = super().get_readonly_fields(request, obj)
        return [*fixed, "code"] if obj is not None else fixed

    def save_through_service(self, request, instance, data, change):
        return services.save_device_type(
            actor=admin_actor(request), code=instance.code if change else data.get("code"), name=data.get("name"),
            description=data.get("description", ""), is_active=data.get("is_active", True), create=not change)


@admin.register(DeviceSubType)
class DeviceSubTypeAdmin(ServiceBackedAdminMixin, SimpleHistoryAdmin):
    list_display = ["device_type", "code", "name", "is_active"]
    list_filter = ["device_type", "is_active"]
    fields = ["device_type", "code", "name", "description", "is_active"]
    operations = {"view": DEVICE_RECORDS_READ, "add": DEVICE_TYPE_SAVE, "change": DEVICE_TYPE_SAVE}

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        return rows if manages_all_devices(admin_actor(request)) else rows.none()

    def save_through_service(self, request, instance, data, change):
        return services.save_device_sub_type(
            actor=admin_actor(request), sub_type_id=instance.pk if change else None, device_type=data["device_type"],
            code=data.get("code"), name=data.get("name"), description=data.get("description", ""),
            is_active=data.get("is_active", True))


# --- MOSIP 1.2: FTM chips (the partner admin's approval queue) ------------------------------

@admin.register(FtmChipDetail)
class FtmChipDetailAdmin(ReadOnlyAdmin):
    """Every FTM chip for the partner admin (scoped as R101: devices.services.ftm12), the
    ones waiting for a decision at ``?approval_status__exact=pending_approval`` (the
    landing's "Waiting for you" links there). Approve and reject call the service R95 calls:
    a chip without a certificate, a rejected or a deactivated one is refused there."""

    list_display = ["id", "make", "model", "provider", "approval_status", "is_active", "certificate_not_after",
                    "updated_at"]
    list_filter = ["approval_status", "is_active"]
    search_fields = ["id", "make", "model", "provider__id", "partner_org_name"]
    fields = ["id", "provider", "partner_org_name", "make", "model", "approval_status", "is_active",
              "certificate_fingerprint", "certificate_not_before", "certificate_not_after", "certificate_uploaded_at",
              "certificate_pem", "signed_certificate_pem", "created_by", "created_at", "updated_by", "updated_at"]
    readonly_fields = fields
    actions = ["approve_selected", "reject_selected"]
    operations = {"view": FTM_CHIPS_ADMIN_READ_12, "decide": FTM_CHIP_APPROVAL_12}

    def get_queryset(self, request):
        return ftm12.chips_in_scope(admin_actor(request))

    def _decide(self, request, queryset, approve: bool, label: str):
        actor = admin_actor(request)
        self.run_service_action(request, queryset, label,
                                lambda chip: ftm12.decide_chip_12(actor=actor, chip_id=chip.pk, approve=approve))

    @admin.action(description="Approve selected FTM chips (they become active)", permissions=["decide"])
    def approve_selected(self, request, queryset):
        self._decide(request, queryset, True, "Approved")

    @admin.action(description="Reject selected FTM chips", permissions=["decide"])
    def reject_selected(self, request, queryset):
        self._decide(request, queryset, False, "Rejected")


# --- MOSIP 1.2: SBIs and device details (the partner admin's approval queues) --------------

_RECORD_FIELDS = ["created_by", "created_at", "updated_by", "updated_at"]


@admin.register(SecureBiometricInterface)
class SecureBiometricInterfaceAdmin(ReadOnlyAdmin):
    """Every SBI for the partner admin (scoped as the API: devices.selectors12), the ones
    waiting for a decision at ``?approval_status__exact=pending_approval`` (the landing's
    "Waiting for you" links there). Approve and reject call the service R72 calls
    (``sbi12.approve_sbi``, ``reject_sbi``): an SBI already decided or deactivated is
    refused there, with its code."""

    list_display = ["id", "sw_version", "provider", "approval_status", "is_active", "sw_created_at", "sw_expires_at",
                    "updated_at"]
    list_filter = ["approval_status", "is_active"]
    search_fields = ["id", "sw_version", "provider__id", "partner_org_name"]
    fields = ["id", "provider", "partner_org_name", "sw_version", "sw_binary_hash", "sw_created_at", "sw_expires_at",
              "approval_status", "is_active", *_RECORD_FIELDS]
    readonly_fields = fields
    actions = ["approve_selected", "reject_selected"]
    operations = {"view": SBIS_BACK_OFFICE_READ_12, "decide": SBI_APPROVAL_12}

    def get_queryset(self, request):
        return sbis_in_scope(admin_actor(request))

    @admin.action(description="Approve selected SBIs (devices may then be added to them)", permissions=["decide"])
    def approve_selected(self, request, queryset):
        actor = admin_actor(request)
        self.run_service_action(request, queryset, "Approved", lambda sbi: sbi12.approve_sbi(actor=actor, sbi_id=sbi.pk))

    @admin.action(description="Reject selected SBIs (final)", permissions=["decide"])
    def reject_selected(self, request, queryset):
        actor = admin_actor(request)
        self.run_service_action(request, queryset, "Rejected", lambda sbi: sbi12.reject_sbi(actor=actor, sbi_id=sbi.pk))


@admin.register(DeviceDetail)
class DeviceDetailAdmin(ReadOnlyAdmin):
    """Every device model for the partner admin (scoped as the API), the ones waiting for a
    decision at ``?approval_status__exact=pending_approval``. Approve and reject decide the
    device with the SBI it waits with, as R85 does (``device_details12.decide_device``
    through ``approve_device``/``reject_device``): its one mapping not yet active. A device
    with none (added without an SBI) is refused by the service (``PMS_DEVICE_ERROR_024``,
    ``_025``); one waiting with several SBIs is left alone, with a message: decide it
    through R85, naming the SBI."""

    list_display = ["id", "make", "model", "device_type", "device_sub_type", "provider", "approval_status",
                    "is_active", "sbi_versions", "updated_at"]
    list_filter = ["approval_status", "is_active", "device_type"]
    search_fields = ["id", "make", "model", "provider__id", "partner_org_name"]
    fields = ["id", "provider", "partner_org_name", "device_type", "device_sub_type", "make", "model",
              "approval_status", "is_active", *_RECORD_FIELDS]
    readonly_fields = fields
    actions = ["approve_selected", "reject_selected"]
    operations = {"view": DEVICE_DETAILS_BACK_OFFICE_READ_12, "decide": DETAIL_APPROVAL_12}

    def get_queryset(self, request):
        return devices_in_scope(admin_actor(request)).prefetch_related("sbi_mappings__sbi")

    @admin.display(description="SBIs (version, mapping active)")
    def sbi_versions(self, device):
        return ", ".join(f"{m.sbi.sw_version} ({'active' if m.is_active else 'waiting'})"
                         for m in device.sbi_mappings.all()) or "—"

    def _decide(self, request, queryset, approve: bool, label: str):
        actor = admin_actor(request)
        decide = device_details12.approve_device if approve else device_details12.reject_device
        done = 0
        for device in queryset:
            waiting = sorted(m.sbi_id for m in device.sbi_mappings.all() if not m.is_active)
            if len(waiting) > 1:
                self.message_user(request, f"{device}: it waits with several SBIs ({', '.join(waiting)}); decide it "
                                           "through the API (R85), naming the SBI.", messages.ERROR)
                continue
            try:
                decide(actor=actor, device_id=device.pk, sbi_id=waiting[0] if waiting else None)
            except PmsError as exc:
                self.message_user(request, f"{device}: {exc.code}: {exc.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, f"{label}: {done} done.", messages.SUCCESS)

    @admin.action(description="Approve selected devices with their SBI", permissions=["decide"])
    def approve_selected(self, request, queryset):
        self._decide(request, queryset, True, "Approved")

    @admin.action(description="Reject selected devices (final)", permissions=["decide"])
    def reject_selected(self, request, queryset):
        self._decide(request, queryset, False, "Rejected")


@admin.register(DeviceDetailSbi)
class DeviceDetailSbiAdmin(ReadOnlyAdmin):
    """The device-to-SBI mappings (R75, R79, R80 write them; R81 searches them), read-only:
    for the partner admin, as R81 is among the back-office roles."""

    list_display = ["id", "device", "sbi", "provider", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["device__id", "sbi__id", "provider__id", "device__make", "device__model"]
    fields = ["id", "device", "sbi", "provider", "partner_org_name", "is_active", *_RECORD_FIELDS]
    readonly_fields = fields
    operations = {"view": DEVICE_MAPPINGS_BACK_OFFICE_READ_12}

    def get_queryset(self, request):
        return mappings_in_scope(admin_actor(request))
