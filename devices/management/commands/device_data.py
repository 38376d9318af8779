"""``python manage.py device_data --provider-id P --provider-name N --make M --model X
--serial S [--type Finger] [--sub-type Single] [--purpose AUTH|REGISTRATION]
[--certification L0|L1] [--device-id ID] [--ftp-id F] [--body]``

Prints a ``deviceData`` for D5 ``POST /v1/masterdata/registereddevices`` (catalog §10.4):
base64 of the DeviceData JSON with the base64 digital ID inside, its times "now" (register
it within PMS_DEVICE_TIMESTAMP_WINDOW_MINUTES). With ``--body``, the whole request
envelope, ready for ``curl -d @-``. It reads no database: the builder is
``devices.device_data.build_device_data``. The provider id and name must be a provider
the registering login manages, and make, model, type and sub-type one of its active MDS.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

from django.core.management.base import BaseCommand, CommandError

from kernel.envelope import format_time
from kernel.text import CLIENT_ID_PATTERN

from ...device_data import build_device_data, build_digital_id
from ...models import Certification, Purpose

REGISTER_ID = "io.mosip.masterdata.device.create"


def _upper(value: str) -> str:
    return value.strip().upper()


class Command(BaseCommand):
    help = "Print a deviceData (or with --body the whole D5 request) for POST /v1/masterdata/registereddevices."
    requires_system_checks: list = []  # a pure builder: runs without a database or a signing key

    def add_arguments(self, parser):
        parser.add_argument("--provider-id", required=True, help="deviceProviderId: the id D1 answered")
        parser.add_argument("--provider-name", required=True, help="deviceProvider: the provider's vendorName")
        parser.add_argument("--make", required=True, help="as in the provider's MDS (D10)")
        parser.add_argument("--model", required=True, help="as in the provider's MDS (D10)")
        parser.add_argument("--serial", required=True, help="serialNo; one REGISTERED device per provider and serial")
        parser.add_argument("--type", default="Finger", help="device type code (Finger, Iris, Face; default Finger)")
        parser.add_argument("--sub-type", default="Single", help="sub-type code of the MDS (default Single)")
        parser.add_argument("--purpose", type=_upper, default=Purpose.AUTH, choices=Purpose.values)
        parser.add_argument("--certification", type=_upper, default=Certification.L0, choices=Certification.values)
        parser.add_argument("--device-id", help="deviceId (default a new UUID); a REGISTRATION device's id is its code")
        parser.add_argument("--ftp-id", default="", help="foundationalTrustProviderId (an L1 device needs one)")
        parser.add_argument("--device-sub-id", default="1")
        parser.add_argument("--firmware", default="fw-2.1.0")
        parser.add_argument("--body", action="store_true", help="print the whole request envelope (JSON)")

    def handle(self, *args, **opts):
        device_id = opts["device_id"] or str(uuid.uuid4())
        if opts["purpose"] == Purpose.REGISTRATION and not CLIENT_ID_PATTERN.fullmatch(device_id):
            raise CommandError("a REGISTRATION device's id is its code: 1-36 letters, digits, - or _")
        if opts["certification"] == Certification.L1 and not opts["ftp_id"].strip():
            raise CommandError("an L1 device names its foundational trust provider: --ftp-id")
        texts = {name: (opts[name] or "").strip() for name in ("provider_id", "provider_name", "make", "model", "serial",
                                                              "type", "sub_type")}
        empty = [f"--{name.replace('_', '-')}" for name, text in texts.items() if not text]
        if empty:
            raise CommandError(f"empty {', '.join(empty)}")
        now = dt.datetime.now(dt.timezone.utc)
        digital = build_digital_id(provider_id=texts["provider_id"], provider_name=texts["provider_name"],
                                   serial_no=texts["serial"], make=texts["make"], model=texts["model"],
                                   device_type=texts["type"], device_sub_type=texts["sub_type"], at=now)
        data = build_device_data(digital, device_id=device_id, purpose=opts["purpose"],
                                 certification=opts["certification"], device_sub_id=opts["device_sub_id"],
                                 firmware=opts["firmware"], time_stamp=now,
                                 foundational_trust_provider_id=opts["ftp_id"].strip())
        if opts["body"]:
            data = json.dumps({"id": REGISTER_ID, "version": "1.0", "requesttime": format_time(now), "metadata": {},
                               "request": {"deviceData": data}})
        self.stdout.write(data)
