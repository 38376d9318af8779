"""Writes a new RSA signing key and its self-signed certificate as two PEM files, for
PMS_SIGNING_KEY_FILE and PMS_SIGNING_CERT_FILE. Existing files are never overwritten."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kernel.keys import new_key_and_certificate, write_private


class Command(BaseCommand):
    help = "Write a new server signing key (mode 0600) and certificate as PEM files."
    requires_system_checks: list = []  # the checks would refuse to run before the key exists

    def add_arguments(self, parser):
        parser.add_argument("--key-out", required=True, help="path of the private key file to create")
        parser.add_argument("--cert-out", required=True, help="path of the certificate file to create")

    def handle(self, *args, **opts):
        key_path, cert_path = Path(opts["key_out"]), Path(opts["cert_out"])
        for path in (key_path, cert_path):
            if path.exists():
                raise CommandError(f"{path} exists; refusing to overwrite a key or certificate")
            if not path.parent.is_dir():
                raise CommandError(f"{path.parent} is not a directory")
        key_pem, cert_pem = new_key_and_certificate()
        write_private(key_path, key_pem)
        write_private(cert_path, cert_pem)
        cert_path.chmod(0o644)
        self.stdout.write(f"wrote {key_path} (private, mode 0600) and {cert_path}")
