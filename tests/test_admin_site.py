"""The back office has one admin site, configured in one place (config/admin.py): the
default site is ``PmsAdminSite`` and no app reconfigures ``admin.site`` from its modules."""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib import admin

from config.admin import PmsAdminSite

ROOT = Path(__file__).resolve().parents[1]
APPS = ("accounts", "audit", "devices", "kernel", "misp", "partners", "policies", "portal", "config", "bench")
# `admin.site.x = ...`, `admin.site.x += ...`, `setattr(admin.site, ...)`; not `==`.
ASSIGNMENT = re.compile(r"\badmin\.site\.\w+\s*(?:[-+|]?=)(?!=)|setattr\(\s*admin\.site\b")


def test_the_default_admin_site_is_the_back_office_site():
    assert isinstance(admin.site, PmsAdminSite)
    assert admin.site.login_form is PmsAdminSite.login_form
    assert admin.site.index_template == "admin/pms_index.html"


def test_the_login_page_carries_the_back_office_titles(client):
    page = client.get("/admin/login/").content.decode()
    assert "Partner Management back office" in page and "| Partner Management</title>" in page


def test_no_app_module_reconfigures_admin_site():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if ASSIGNMENT.search(line)
    ]
    assert offenders == [], "configure the back office's admin site in config/admin.py:\n" + "\n".join(offenders)


def test_the_scan_sees_an_assignment():
    # The scan above is only worth something if its pattern matches what it forbids.
    assert ASSIGNMENT.search('admin.site.site_header = _("x")')
    assert ASSIGNMENT.search("    admin.site.login_form = Form")
    assert ASSIGNMENT.search("setattr(admin.site, 'index_title', 'x')")
    assert not ASSIGNMENT.search("if admin.site.site_header == 'x':")
    assert not ASSIGNMENT.search('path("admin/", admin.site.urls),')
