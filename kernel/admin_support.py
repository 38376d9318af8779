"""What every domain admin needs: who may use each of its pages and actions (derived from
the operations, like the API's permissions), the acting user as an Actor, service errors
shown on the form instead of server errors, and history pages scoped like the change
lists."""

from __future__ import annotations

import csv

from django.contrib import admin, messages
from django.contrib.admin.utils import label_for_field, lookup_field, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .actors import Actor
from .errors import PmsError
from .middleware import current_request_context
from .operations import Operation
from .roles import Role, roles_of_user
from .signals import list_exported


def admin_actor(request) -> Actor:
    user = request.user
    ctx = current_request_context()
    return Actor(
        username=user.username,
        roles=roles_of_user(user),
        user=user,
        client_ip=ctx.client_ip if ctx else "",
        request_id=ctx.request_id if ctx else "",
    )


# The capabilities Django's admin asks about itself; any other key of ``operations`` is an
# action's (``@admin.action(permissions=["decide"])`` asks ``has_decide_permission``).
MODEL_CAPABILITIES = ("view", "add", "change", "delete")


def admin_roles(request) -> frozenset[Role]:
    """The signed-in user's roles (kernel.roles.roles_of_user: a superuser holds
    PARTNER_ADMIN), read once per request: the admin asks for permissions many times a page."""
    user = request.user
    cached = getattr(request, "_pms_admin_roles", None)
    if cached is None or cached[0] != user.pk:
        cached = (user.pk, roles_of_user(user))
        request._pms_admin_roles = cached
    return cached[1]


class OperationAdminMixin:
    """Who may use an admin page is declared once, on the operations (kernel.operations),
    as for the API: ``operations = {"view": PARTNER_READ, "change": PARTNER_UPDATE,
    "decide": API_KEY_DECIDE}`` names the operation behind each capability of the page:
    ``view``, ``add``, ``change``, ``delete`` and each action's permission name
    (``@admin.action(permissions=["decide"])``). ``has_<capability>_permission`` is the
    operation's ``permits`` for the user's roles; a capability with no operation is not
    offered (Django's bulk delete goes with ``delete``). Django's model permissions (the
    ``auth_permission`` grants) count for nobody: roles alone decide, and a superuser holds
    PARTNER_ADMIN. The page is listed on the index when view, add, change or delete is.
    Scope (which rows) stays with ``get_queryset`` and the app's selectors."""

    operations: dict[str, Operation] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for capability, operation in cls.operations.items():
            if not isinstance(operation, Operation):
                raise TypeError(f"{cls.__qualname__}.operations[{capability!r}] is not an Operation")
            if capability not in MODEL_CAPABILITIES and not hasattr(cls, f"has_{capability}_permission"):
                setattr(cls, f"has_{capability}_permission", _capability_check(capability))

    def permits(self, request, capability: str) -> bool:
        operation = self.operations.get(capability)
        return operation is not None and operation.permits(admin_roles(request))

    def has_view_permission(self, request, obj=None):
        return self.permits(request, "view")

    def has_add_permission(self, request, obj=None):
        return self.permits(request, "add")

    def has_change_permission(self, request, obj=None):
        return self.permits(request, "change")

    def has_delete_permission(self, request, obj=None):
        return self.permits(request, "delete")

    def has_module_permission(self, request):
        # Actions run from the change list, so only the page capabilities open the app.
        return any(self.permits(request, capability) for capability in MODEL_CAPABILITIES)


def _capability_check(capability: str):
    def check(self, request, obj=None) -> bool:
        return self.permits(request, capability)

    check.__name__ = f"has_{capability}_permission"
    return check


def undeclared_capabilities(model_admin) -> list[str]:
    """What an admin offers without an operation behind it: the admin itself when it does
    not derive its permissions from ``operations`` (or declares none), and each action
    that names no permission or one with no operation (config.admin.PmsAdminSite refuses
    to start with any, ``pms.E031``)."""
    name = type(model_admin).__qualname__
    if not isinstance(model_admin, OperationAdminMixin) or not model_admin.operations:
        return [f"{name} declares no operations"]
    problems = []
    for func, action, _description in model_admin._get_base_actions():
        wanted = getattr(func, "allowed_permissions", ())
        if not wanted:
            problems.append(f"{name}: action {action} names no permissions=[...]")
        problems += [f"{name}: action {action} needs {capability!r}, which has no operation"
                     for capability in wanted
                     if capability not in model_admin.operations and capability not in MODEL_CAPABILITIES]
    return problems


class ScopedHistoryMixin(OperationAdminMixin):
    """History pages see exactly what the change list sees (``get_queryset``, scoped with
    the app's selectors): anything else answers 404, as an unknown id would. History is
    read-only: django-simple-history's revert form would save whatever it is posted
    without going through our services, so it answers 403 to anything but GET/HEAD
    (the refusal is audited). Deleted records have no row to scope by, so their history
    is for partner admins only."""

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def _require_in_scope(self, request, object_id) -> None:
        if self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            return
        if admin_actor(request).is_partner_admin and not self.model._default_manager.filter(pk=unquote(object_id)).exists():
            return  # a deleted record: the library shows its last historical state
        raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied("history is read-only")
        self._require_in_scope(request, object_id)
        request.pms_history_readonly = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        own = list(super().get_readonly_fields(request, obj))
        if getattr(request, "pms_history_readonly", False):
            # Every column read-only, the admin's computed ones (a masked key, say) kept:
            # dropped, they would be taken for model fields of the form and fail.
            return [*own, *(f.name for f in self.model._meta.fields if f.name not in own)]
        return own


class ReadOnlyAdminMixin(OperationAdminMixin):
    """A page where nothing is added, changed or deleted by hand (changes go through the
    service actions): its ``operations`` may name no ``add``, ``change`` or ``delete``."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        writes = sorted(set(cls.operations) & {"add", "change", "delete"})
        if writes:
            raise TypeError(f"{cls.__qualname__} is read-only but declares operations for {', '.join(writes)}")


class ServiceActionsMixin(OperationAdminMixin):
    """Admin actions that call a service per selected row; a refused row is reported with
    its code and the others still run."""

    def run_service_action(self, request, queryset, label: str, call) -> None:
        done = 0
        for obj in queryset:
            try:
                call(obj)
                done += 1
            except PmsError as exc:
                self.message_user(request, f"{obj}: {exc.code}: {exc.message}", messages.ERROR)
        if done:
            self.message_user(request, f"{label}: {done} done.", messages.SUCCESS)


class ServiceBackedAdminMixin(ServiceActionsMixin, ScopedHistoryMixin):
    """Saves go through the app's services. The service runs while the form validates
    (``save_through_service``), so a service error becomes an error on the form, on the
    field it concerns (``service_error_fields`` by code, else ``PmsError.field`` through
    ``service_field_names``, the API's name to the form's), and the
    page comes back with what the person typed; ``save_model`` only records what the
    service saved. Django wraps the form in a transaction that commits, so the service's
    failure audit row stays."""

    service_error_fields: dict[str, str] = {}
    service_field_names: dict[str, str] = {}

    def save_through_service(self, request, instance, data: dict, change: bool):
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        admin_view = self

        class ServiceForm(form_class):
            saved = None

            def clean(self):
                cleaned = super().clean()
                if self.errors:
                    return cleaned
                try:
                    self.saved = admin_view.save_through_service(request, self.instance, cleaned, change)
                    # Model validation (which runs next) now sees the saved row as itself.
                    self.instance = self.saved
                except PmsError as exc:
                    # An error on a field also keeps Django's own constraint check off that
                    # field: the service's code and message are the ones that count.
                    for error in exc.all():
                        field = (admin_view.service_error_fields.get(error.code)
                                 or admin_view.service_field_names.get(error.field, error.field))
                        self.add_error(field if field in self.fields else None, f"{error.code}: {error.message}")
                return cleaned

        return ServiceForm

    def save_model(self, request, obj, form, change):
        obj.pk = form.saved.pk  # the service saved it while the form validated


def _spreadsheet_safe(value) -> str:
    text = strip_tags(str(value if value is not None else ""))
    # A leading =, +, - or @ would run as a formula in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@admin.action(description=_("Export selected rows as CSV"), permissions=["view"])
def export_as_csv(modeladmin, request, queryset):
    """The selected rows of a change list, with its columns (``csv_columns``, else
    ``list_display``), as CSV. The queryset is the admin's own, so the export holds
    exactly what the user may see; every export is audited (kernel.signals.list_exported).
    Secrets never appear: admins list keys masked, and masked values are what is written."""
    columns = list(getattr(modeladmin, "csv_columns", None) or
                   [c for c in modeladmin.get_list_display(request) if c != "action_checkbox"])
    model = queryset.model
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{model._meta.model_name}-list.csv"'
    writer = csv.writer(response)
    writer.writerow([_spreadsheet_safe(capfirst(label_for_field(c, model, modeladmin))) for c in columns])
    count = 0
    for obj in queryset.order_by(*(model._meta.ordering or ["pk"])):
        row = []
        for column in columns:
            try:
                _field, _attr, value = lookup_field(column, obj, modeladmin)
            except (AttributeError, ValueError):
                value = ""
            row.append(_spreadsheet_safe(value))
        writer.writerow(row)
        count += 1
    list_exported.send(sender=model, request=request, model_label=model._meta.label, count=count)
    return response
