"""``manage.py remind_expiring_api_keys``: mails each partner whose active API keys expire
within PMS_API_KEY_EXPIRY_NOTICE_DAYS days, once per key and expiry time (MOSIP 1.2's
``APIKEY_EXPIRED`` job). Safe to run from cron or a systemd timer, daily; audited as one
operation (partners.services.expiry_reminders)."""

from django.core.management.base import BaseCommand

from kernel.actors import Actor
from partners.services.expiry_reminders import remind_expiring_api_keys


class Command(BaseCommand):
    help = ("Mail each partner whose active API keys expire within PMS_API_KEY_EXPIRY_NOTICE_DAYS days "
            "(label, policy, expiry; never the key), once per key and expiry time (audited).")

    def handle(self, *args, **options):
        partners, keys = remind_expiring_api_keys(actor=Actor.system("remind_expiring_api_keys"))
        self.stdout.write(f"reminded {partners} partner(s) of {keys} expiring API key(s)")
