"""WSGI entry point (gunicorn). The system checks run here too, so that a server started
with a broken configuration (an unusable signing key, say) stops at once with the reason
instead of answering every login with an error."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()


def _refuse_serious_check_failures() -> None:
    from django.core import checks
    from django.core.exceptions import ImproperlyConfigured

    serious = [message for message in checks.run_checks() if message.is_serious()]
    if serious:
        raise ImproperlyConfigured("; ".join(str(message) for message in serious))


_refuse_serious_check_failures()
