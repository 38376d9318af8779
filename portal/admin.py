"""The back office's landing page (a "Waiting for you" panel per role on the admin index)
and the pending self-registrations, read-only, for partner admins. Neither the code nor
the password hash of a registration is ever shown."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model, password_validation
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import BackOfficeUser
from accounts.operations import BACK_OFFICE_USER_CREATE, USERS_READ
from accounts.services import BACK_OFFICE_ROLES, create_back_office_user
from kernel.admin_support import (
    ReadOnlyAdminMixin,
    ScopedHistoryMixin,
    ServiceBackedAdminMixin,
    admin_actor,
    export_as_csv,
)
from kernel.roles import Role, normalise_roles
from policies.models import ManagerGroupMapping, PolicyGroup
from policies.services import map_manager_to_groups

from .models import PendingRegistration
from .operations import REGISTRATIONS_READ


@admin.register(PendingRegistration)
class PendingRegistrationAdmin(ReadOnlyAdminMixin, ScopedHistoryMixin, SimpleHistoryAdmin):
    list_display = ["organization_name", "email", "partner_type", "policy_group", "status", "failed_attempts", "sends",
                    "created_at", "partner_id"]
    list_filter = ["status", "partner_type", "created_at"]
    search_fields = ["organization_name", "email", "partner_id"]
    fields = ["id", "organization_name", "email", "partner_type", "policy_group", "contact_no", "address", "language",
              "status", "address_taken", "sends", "failed_attempts", "otp_sent_at", "otp_expires_at", "locked_at",
              "verified_at", "partner_id", "created_by", "created_at", "updated_by", "updated_at"]
    readonly_fields = fields
    actions = [export_as_csv]
    operations = {"view": REGISTRATIONS_READ}


# Back-office users live here, not in accounts: a new manager's policy groups are the
# policies app's, and only this layer may call both services (SPEC §2).
MANAGER_ROLES = frozenset({Role.POLICYMANAGER, Role.PARTNERMANAGER})


class BackOfficeUserForm(forms.ModelForm):
    password1 = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput,
                                help_text=password_validation.password_validators_help_text_html())
    password2 = forms.CharField(label=_("Password (again)"), strip=False, widget=forms.PasswordInput)
    roles = forms.MultipleChoiceField(label=_("Roles"), widget=forms.CheckboxSelectMultiple,
                                      choices=[(str(role), str(role)) for role in sorted(BACK_OFFICE_ROLES)])
    policy_groups = forms.ModelMultipleChoiceField(
        label=_("Policy groups"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=PolicyGroup.objects.filter(is_active=True).order_by("name"),
        help_text=_("For policy and partner managers: the groups they manage."))

    class Meta:
        model = BackOfficeUser
        fields = ["username", "email"]

    def clean_username(self):
        name = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=name).exists():
            raise forms.ValidationError(_("A user with this name already exists."))
        return name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        roles = normalise_roles(cleaned.get("roles") or [])
        if cleaned.get("policy_groups") and not roles & MANAGER_ROLES:
            self.add_error("policy_groups", _("Only policy and partner managers are mapped to policy groups."))
        return cleaned


@admin.register(BackOfficeUser)
class BackOfficeUserAdmin(ServiceBackedAdminMixin, admin.ModelAdmin):
    """Partner admins add back-office users with their roles (and a manager's policy
    groups) and see who has which role; only they see the page. Roles change with
    ``manage.py create_pms_user``; nothing here edits or deletes a user."""

    form = BackOfficeUserForm
    list_display = ["username", "email", "role_names", "is_active", "last_login", "date_joined"]
    list_filter = ["is_active"]
    search_fields = ["username", "email"]
    ordering = ["username"]
    add_fields = ["username", "email", "password1", "password2", "roles", "policy_groups"]
    view_fields = ["username", "email", "role_names", "policy_group_names", "is_staff", "is_active", "last_login",
                   "date_joined"]
    service_field_names = {"name": "username", "password": "password1"}
    # No "change" or "delete": users are deactivated, never deleted (audit rows and history
    # name them), and roles change with `manage.py create_pms_user`.
    operations = {"view": USERS_READ, "add": BACK_OFFICE_USER_CREATE}

    def get_queryset(self, request):
        back_office = Q(is_staff=True) | Q(groups__name__in=[str(role) for role in BACK_OFFICE_ROLES])
        users = super().get_queryset(request).prefetch_related("groups")
        return users.filter(pk__in=BackOfficeUser.objects.filter(back_office).values("pk"))

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else self.view_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.view_fields

    @admin.display(description=_("Roles"))
    def role_names(self, obj):
        return ", ".join(sorted(group.name for group in obj.groups.all()))

    @admin.display(description=_("Policy groups"))
    def policy_group_names(self, obj):
        mapped = ManagerGroupMapping.objects.filter(user=obj).select_related("policy_group")
        return ", ".join(sorted(mapping.policy_group.name for mapping in mapped)) or "-"

    def save_through_service(self, request, instance, data, change):
        actor = admin_actor(request)
        # One savepoint: a refused mapping leaves no user behind (the refusal's audit row stays).
        with transaction.atomic():
            user = create_back_office_user(actor=actor, name=data["username"], password=data["password1"],
                                           roles=normalise_roles(data["roles"]), email=data.get("email") or "")
            groups = data.get("policy_groups") or []
            if groups:
                map_manager_to_groups(username=user.username, group_names=[group.name for group in groups],
                                      actor=actor, create_missing=False)
        return BackOfficeUser.objects.get(pk=user.pk)
