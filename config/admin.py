"""The back office's one admin site: titles, the landing page and the login form set in one
place (rather than each app reconfiguring ``admin.site`` from its own modules). It is the
default site through ``config.apps.PmsAdminConfig``, so ``admin.site`` and
``@admin.register`` in every app mean this site.

Who may use each page and action is declared on the operations
(kernel.admin_support.OperationAdminMixin); the site refuses to start with a registered
admin or an action that names none. Signing in takes an active staff account
(``is_staff``, given with the back-office roles by accounts.services)."""

from __future__ import annotations

from django.contrib import admin
from django.core.checks import Error

from accounts.forms import LockoutAwareLoginForm
from kernel.admin_support import undeclared_capabilities
from portal import back_office_texts as texts


class PmsAdminSite(admin.AdminSite):
    site_header = texts.SITE_HEADER
    site_title = texts.SITE_TITLE
    index_title = texts.INDEX_TITLE
    # The "Waiting for you" panel per role (portal's template and its template tag).
    index_template = "admin/pms_index.html"
    # Says "locked out" instead of "wrong password" when the account is locked.
    login_form = LockoutAwareLoginForm

    def check(self, app_configs):
        errors = super().check(app_configs)
        for model, model_admin in self._registry.items():
            if app_configs is not None and model._meta.app_config not in app_configs:
                continue
            errors += [Error(problem, hint="declare operations = {\"view\": ..., ...} (kernel.admin_support)",
                             obj=type(model_admin), id="pms.E031")
                       for problem in undeclared_capabilities(model_admin)]
        return errors
