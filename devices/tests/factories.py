"""Device test data, built fresh for every test (catalog §10.8: the seed's samples do not
decode to what they claim)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from devices.device_data import build_device_data, build_digital_id, encode_base64
from kernel.envelope import format_time

V1 = "/v1/masterdata"
SHORT = "/masterdata"


b64 = encode_base64


def digital_id(provider_id: str, provider_name: str = "Acme Biometrics", *, serial: str = "AX-100-0001",
               make: str = "AX", model: str = "AX-100", type_: str = "Fingerprint", sub_type: str = "Single") -> dict:
    return build_digital_id(provider_id=provider_id, provider_name=provider_name, serial_no=serial, make=make,
                            model=model, device_type=type_, device_sub_type=sub_type, at=timezone.now())


def device_data(digital: dict | str, *, purpose: str = "AUTH", certification: str = "L0", device_id: str | None = None,
                stamp: dt.datetime | None = None, ftp_id: str = "", **encoding) -> str:
    """The builder ``manage.py device_data`` uses (devices/device_data.py), with test defaults."""
    return build_device_data(digital, device_id=device_id or str(uuid.uuid4()), purpose=purpose,
                             certification=certification, time_stamp=stamp or timezone.now(),
                             foundational_trust_provider_id=ftp_id, **encoding)


def provider_request(**overrides) -> dict:
    return {"vendorName": "Acme Biometrics", "address": "12 Sensor Street", "email": "devices@acme.example",
            "contactNumber": "9876543210", "certificateAlias": "acme-2026", "isActive": True, **overrides}


def ftp_request(**overrides) -> dict:
    return {"name": "Trust Chips Ltd", "address": "1 Silicon Way", "email": "pki@trustchips.example",
            "contactNo": "1234567890", "certAlias": "tc-root", "isActive": True, **overrides}


def mds_request(provider_id: str, **overrides) -> dict:
    now = timezone.now()
    return {"deviceProviderId": provider_id, "regDeviceTypeCode": "Finger", "regDeviceSubCode": "Single",
            "swVersion": "MDS-1.0.3", "swBinaryHash": "sha256:9f86d081884c7d65", "make": "AX", "model": "AX-100",
            "swCreateDateTime": format_time(now - dt.timedelta(days=30)),
            "swExpiryDateTime": format_time(now + dt.timedelta(days=365)), "isActive": True, **overrides}


def validate_request(code: str, digital: dict, version: str = "MDS-1.0.3") -> dict:
    return {"deviceCode": code, "deviceServiceVersion": version,
            "digitalId": {"serialNo": digital["serialNo"], "make": digital["make"], "model": digital["model"],
                          "type": digital["type"], "subType": digital["subType"], "dp": digital["deviceProvider"],
                          "dpId": digital["deviceProviderId"], "dateTime": digital["dateTime"]}}


def self_signed(common_name: str, *, days: int = 365, starts: int = -1):
    """A key and its self-signed CA certificate (PEM), valid from ``starts`` to ``days``
    days from now."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = timezone.now()
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now + dt.timedelta(days=starts))
                   .not_valid_after(now + dt.timedelta(days=days))
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    return key, certificate.public_bytes(serialization.Encoding.PEM).decode()
