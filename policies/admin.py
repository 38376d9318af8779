"""Admin for policy managers: their groups and policies only, a readable policy editor
that lists schema errors per field, and publish/activate/deactivate actions. Every write
goes through policies.services."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kernel.admin_support import ServiceBackedAdminMixin, admin_actor, export_as_csv
from kernel.errors import PmsError

from . import services
from .conf import app_settings
from .documents import validate_document
from .models import ManagerGroupMapping, Policy, PolicyGroup, PolicyStatus, PolicyType
from .operations import GROUP_CREATE, GROUP_MAP, GROUP_READ, GROUP_UPDATE, POLICY_CREATE, POLICY_READ, POLICY_UPDATE
from .selectors import groups_of_manager, manager_accounts


class PolicyDocumentWidget(forms.Textarea):
    def __init__(self):
        super().__init__(attrs={"rows": 24, "cols": 100, "spellcheck": "false",
                                "style": "font-family: monospace; white-space: pre;"})

    def format_value(self, value):
        if isinstance(value, str):
            try:  # a re-displayed form carries the text the manager typed; keep it readable
                value = json.loads(value)
            except ValueError:
                return value  # not JSON: show exactly what was typed, next to the error
        if isinstance(value, (dict, list)):
            return json.dumps(value, indent=2, ensure_ascii=False)
        return super().format_value(value)


class PolicyForm(forms.ModelForm):
    document = forms.JSONField(widget=PolicyDocumentWidget(), label="Policy document (JSON)")

    class Meta:
        model = Policy
        fields = ["policy_group", "name", "description", "policy_type", "version", "document"]

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        if "policy_group" in self.fields and actor is not None:
            self.fields["policy_group"].queryset = groups_of_manager(actor).filter(is_active=True)
        if "document" not in self.fields:
            return
        self.fields["document"].help_text = (
            "Auth: authPolicies [{authType, authSubType, mandatory}], allowedKycAttributes [{attributeName, required}]. "
            f"Auth types: {', '.join(app_settings.PMS_AUTH_TYPES)}; bio sub-types: {', '.join(app_settings.PMS_BIO_SUBTYPES)}; "
            f"KYC attributes: {', '.join(app_settings.PMS_SUPPORTED_KYC_ATTRIBUTES)}. "
            "DataShare/CredentialIssuance: dataSharePolicies {...}, shareableAttributes [...]."
        )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("policy_type") or getattr(self.instance, "policy_type", None)
        document = cleaned.get("document")
        if kind and document is not None:
            try:
                cleaned["document"] = validate_document(kind, document)
            except PmsError as exc:
                # One line per violation, each naming its field.
                self.add_error("document", [f"{i['errorCode']}: {i['message']}" for i in exc.items()])
        return cleaned


class PolicyGroupForm(forms.ModelForm):
    class Meta:
        model = PolicyGroup
        fields = ["name", "description", "is_active"]


@admin.register(PolicyGroup)
class PolicyGroupAdmin(ServiceBackedAdminMixin, SimpleHistoryAdmin):
    form = PolicyGroupForm
    list_display = ["name", "id", "is_active", "description", "updated_by", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "id", "description"]
    fields = ["name", "description", "is_active"]
    actions = [export_as_csv]
    readonly_fields = ["id"]
    # No "delete": groups are deactivated, never deleted (history and keys point at them).
    operations = {"view": GROUP_READ, "add": GROUP_CREATE, "change": GROUP_UPDATE}

    def get_queryset(self, request):
        return groups_of_manager(admin_actor(request)).order_by("name")

    service_error_fields = {"PMS_POL_014": "name", "PMS_POL_056": "is_active"}

    def save_through_service(self, request, instance, data, change):
        actor = admin_actor(request)
        if change:
            return services.update_policy_group(group_id=instance.pk, name=data["name"], description=data["description"],
                                                is_active=data["is_active"], actor=actor)
        return services.create_policy_group(name=data["name"], description=data["description"], actor=actor)


@admin.register(Policy)
class PolicyAdmin(ServiceBackedAdminMixin, SimpleHistoryAdmin):
    form = PolicyForm
    list_display = ["name", "id", "policy_group", "policy_type", "status", "version", "updated_by", "updated_at"]
    # RelatedOnly: the filter offers only groups present in the (scoped) change list.
    list_filter = ["status", "policy_type", ("policy_group", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "id", "description", "policy_group__name"]
    actions = ["publish_selected", "deactivate_selected", "activate_selected", export_as_csv]
    # No "delete": deactivate instead (partners' keys refer to policies).
    operations = {"view": POLICY_READ, "add": POLICY_CREATE, "change": POLICY_UPDATE, "status": POLICY_UPDATE}

    def get_queryset(self, request):
        return Policy.objects.select_related("policy_group").filter(
            policy_group__in=groups_of_manager(admin_actor(request))
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        actor = admin_actor(request)

        class BoundPolicyForm(form_class):
            def __init__(self, *args, **kw):
                super().__init__(*args, actor=actor, **kw)

        return BoundPolicyForm

    def get_readonly_fields(self, request, obj=None):
        own = list(super().get_readonly_fields(request, obj))  # all of them on a history version page
        if obj is None:
            return own
        fixed = ["policy_group", "policy_type", "status"]
        if not obj.is_mutable:
            fixed += ["name", "description", "version", "document"]
        return [*own, *(name for name in fixed if name not in own)]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["policy_group", "name", "description", "policy_type", "version", "document"]
        return ["policy_group", "policy_type", "status", "name", "description", "version", "document"]

    service_error_fields = {"PMS_POL_004": "name", "PMS_POL_005": "document", "PMS_POL_006": "document",
                            "PMS_POL_007": "document", "PMS_POL_051": "document", "PMS_POL_053": "policy_group",
                            "PMS_POL_010": "policy_group"}

    def save_through_service(self, request, instance, data, change):
        actor = admin_actor(request)
        if change:
            return services.update_policy(actor=actor, policy_id=instance.pk, name=data.get("name", instance.name),
                                          description=data.get("description", instance.description),
                                          document=data.get("document", instance.document),
                                          version=data.get("version", instance.version))
        return services.create_policy(actor=actor, name=data["name"], description=data["description"],
                                      document=data["document"], policy_group_name=data["policy_group"].name,
                                      policy_type=PolicyType(data.get("policy_type") or PolicyType.AUTH),
                                      version=data.get("version"))

    @admin.action(description="Publish selected draft policies", permissions=["status"])
    def publish_selected(self, request, queryset):
        actor = admin_actor(request)
        self.run_service_action(request, queryset, "Published", lambda p: services.publish_policy(
            actor=actor, policy_group_id=p.policy_group_id, policy_id=p.pk))

    @admin.action(description="Deactivate selected published policies", permissions=["status"])
    def deactivate_selected(self, request, queryset):
        actor = admin_actor(request)
        self.run_service_action(request, queryset.exclude(status=PolicyStatus.DEACTIVATED), "Deactivated",
                                lambda p: services.change_policy_status(actor=actor, policy_id=p.pk, activate=False))

    @admin.action(description="Re-activate selected deactivated policies", permissions=["status"])
    def activate_selected(self, request, queryset):
        actor = admin_actor(request)
        self.run_service_action(request, queryset.exclude(status=PolicyStatus.PUBLISHED), "Activated",
                                lambda p: services.change_policy_status(actor=actor, policy_id=p.pk, activate=True))


@admin.register(ManagerGroupMapping)
class ManagerGroupMappingAdmin(ServiceBackedAdminMixin, SimpleHistoryAdmin):
    """Partner admins map managers to groups; managers see their own mappings."""

    list_display = ["user", "policy_group", "created_by", "created_at"]
    list_filter = [("policy_group", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "policy_group__name"]
    fields = ["user", "policy_group"]
    actions = [export_as_csv]
    # Managers see their own mappings (the groups they read); only partner admins map.
    operations = {"view": GROUP_READ, "add": GROUP_MAP, "delete": GROUP_MAP}

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("user", "policy_group")
        actor = admin_actor(request)
        return qs if actor.is_partner_admin else qs.filter(user=request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = manager_accounts()
        elif db_field.name == "policy_group":
            kwargs["queryset"] = groups_of_manager(admin_actor(request)).order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def delete_model(self, request, obj):
        services.unmap_manager_from_group(mapping_id=obj.pk, actor=admin_actor(request))

    def delete_queryset(self, request, queryset):
        for mapping in queryset:
            self.delete_model(request, mapping)

    def save_through_service(self, request, instance, data, change):
        user, group = data["user"], data["policy_group"]
        services.map_manager_to_groups(username=user.username, group_names=[group.name], actor=admin_actor(request),
                                       create_missing=False)
        return ManagerGroupMapping.objects.get(user=user, policy_group=group)
