"""The back office's titles, translated with the portal's catalogues (the admin site that
shows them is ``config.admin.PmsAdminSite``; here, ``makemessages`` run in ``portal/``
collects them). Only lazy strings: importing this never touches the app registry."""

from django.utils.translation import gettext_lazy as _

SITE_HEADER = _("Partner Management back office")
SITE_TITLE = _("Partner Management")
INDEX_TITLE = _("Your work")
