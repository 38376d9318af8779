"""The back office's one admin site: titles, the landing page and the login form set in one
place (rather than each app reconfiguring ``admin.site`` from its own modules). It is the
default site through ``config.apps.PmsAdminConfig``, so ``admin.site`` and
``@admin.register`` in every app mean this site."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.forms import LockoutAwareLoginForm


class PmsAdminSite(admin.AdminSite):
    site_header = _("Partner Management back office")
    site_title = _("Partner Management")
    index_title = _("Your work")
    # The "Waiting for you" panel per role (portal's template and its template tag).
    index_template = "admin/pms_index.html"
    # Says "locked out" instead of "wrong password" when the account is locked.
    login_form = LockoutAwareLoginForm
