"""Prints a new random key for PMS_DATA_KEYS or PMS_LOOKUP_KEY (urlsafe base64, 32 bytes)."""

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print a new key for PMS_DATA_KEYS (put it first to rotate) or PMS_LOOKUP_KEY."
    requires_system_checks: list = []  # the checks would refuse to run before the keys exist

    def handle(self, *args, **opts):
        self.stdout.write(Fernet.generate_key().decode())
