from django.contrib.admin.apps import AdminConfig


class PmsAdminConfig(AdminConfig):
    """Django's admin with ``config.admin.PmsAdminSite`` as its default site."""

    default_site = "config.admin.PmsAdminSite"
