"""Strict decoding of what devices send, for the views (the services take the decoded
values): D5's ``deviceData`` (catalog §10.4), base64 (standard or URL-safe, padded or not)
of the DeviceData JSON, or a compact JWS whose payload is that JSON, the digital ID inside
the same again (plain base64 JSON, or for L1 a JWS); and the digital ID of D8/D9.

Nothing here touches the database: it turns text into checked values or raises the
documented error naming the field, and (``build_*``, at the end) builds the text a device
sends, for ``manage.py device_data`` and the tests."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from dataclasses import dataclass, replace

from kernel.envelope import format_time
from kernel.errors import PmsError
from kernel.records import require_text
from kernel.text import match_choice, parse_moment

from .conf import app_settings
from .errors import DeviceErrors
from .models import Certification, Purpose

_BASE64 = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")
_MAX_TEXT = 256


def _invalid(field: str, detail: str) -> PmsError:
    return DeviceErrors.INVALID_INPUT.error(field=field, detail=detail)


def decode_base64(text: object, field: str) -> bytes:
    """Standard or URL-safe alphabet, with or without padding; nothing else (no spaces,
    no line breaks, no mixed garbage)."""
    if not isinstance(text, str) or not text:
        raise _invalid(field, "expected base64 text")
    mixed_alphabets = ("-" in text or "_" in text) and ("+" in text or "/" in text)
    if not _BASE64.fullmatch(text) or mixed_alphabets:
        raise _invalid(field, "not base64")
    body = text.rstrip("=")
    if len(body) % 4 == 1 or (text != body and len(text) % 4):
        raise _invalid(field, "not base64 (bad length or padding)")
    try:
        return base64.b64decode(body.translate(str.maketrans("-_", "+/")) + "=" * (-len(body) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise _invalid(field, "not base64") from None


def _reject_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate key {key!r}")
        seen[key] = value
    return seen


def _reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def decode_json_object(raw: bytes, field: str) -> dict:
    try:
        value = json.loads(raw.decode("utf-8"), object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _invalid(field, "not JSON") from None
    if not isinstance(value, dict):
        raise _invalid(field, "expected a JSON object")
    return value


@dataclass(frozen=True)
class Compact:
    """The three segments of a compact JWS as received, and its header read as JSON
    (``header_fields``), or the refusal for a header that is not a JSON object
    (``header_refusal``): only a signature that is verified needs its header, so the
    service decides whether that refusal applies."""

    header: bytes
    payload: bytes
    signing_input: bytes
    signature: bytes
    header_fields: dict | None = None
    header_refusal: PmsError | None = None


def split_jws(text: str, field: str) -> Compact:
    parts = text.split(".")
    if len(parts) != 3 or not all(parts):
        raise _invalid(field, "a signed value has three non-empty parts")
    header = decode_base64(parts[0], field + " (JWS header)")
    payload = decode_base64(parts[1], field + " (JWS payload)")
    signature = decode_base64(parts[2], field + " (JWS signature)")
    try:
        fields, refusal = decode_json_object(header, field + " (JWS header)"), None
    except PmsError as problem:
        fields, refusal = None, problem
    return Compact(header=header, payload=payload, signing_input=f"{parts[0]}.{parts[1]}".encode("ascii"),
                   signature=signature, header_fields=fields, header_refusal=refusal)


def _text(data: dict, name: str, field: str, *, aliases: tuple[str, ...] = (), required: bool = True,
          max_length: int = _MAX_TEXT) -> str | None:
    value = None
    for key in (name, *aliases):
        if key in data:
            value = data[key]
            break
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise DeviceErrors.REGISTER_MISSING_INPUT.error(field=field)
        return None
    if not isinstance(value, str):
        raise _invalid(field, "expected a string")
    value = value.strip()
    if len(value) > max_length:
        raise _invalid(field, f"at most {max_length} characters")
    if "\x00" in value:
        raise _invalid(field, "NUL characters are not allowed")
    return value


def _time(data: dict, name: str, field: str, required: bool = True) -> dt.datetime | None:
    text = _text(data, name, field, required=required, max_length=64)
    return None if text is None else parse_moment(text, field, invalid=DeviceErrors.INVALID_INPUT)


@dataclass(frozen=True)
class DigitalId:
    serial_no: str
    provider_name: str
    provider_id: str
    make: str
    model: str
    date_time: dt.datetime
    type: str
    sub_type: str
    json_bytes: bytes  # as the device sent it, re-encoded in the signed answer
    signed: Compact | None


@dataclass(frozen=True)
class DeviceData:
    device_id: str
    purpose: str
    certification: str
    device_sub_id: str
    firmware: str
    time_stamp: dt.datetime
    device_expiry: dt.datetime | None
    foundational_trust_provider_id: str | None
    digital_id: DigitalId


def parse_digital_id(text: object, field: str = "deviceInfo.digitalId") -> DigitalId:
    if not isinstance(text, str):
        raise _invalid(field, "expected base64 text")
    signed = split_jws(text, field) if "." in text else None
    raw = signed.payload if signed else decode_base64(text, field)
    data = decode_json_object(raw, field)
    return DigitalId(
        serial_no=_text(data, "serialNo", f"{field}.serialNo", max_length=64),
        provider_name=_text(data, "deviceProvider", f"{field}.deviceProvider", aliases=("dp",), max_length=128),
        provider_id=_text(data, "deviceProviderId", f"{field}.deviceProviderId", aliases=("dpId",), max_length=36),
        make=_text(data, "make", f"{field}.make", max_length=64),
        model=_text(data, "model", f"{field}.model", max_length=64),
        date_time=_time(data, "dateTime", f"{field}.dateTime"),
        type=_text(data, "type", f"{field}.type", max_length=36),
        sub_type=_text(data, "subType", f"{field}.subType", aliases=("subtype",), max_length=36),
        json_bytes=raw,
        signed=signed,
    )


def parse_device_data(text: object, max_chars: int) -> DeviceData:
    """``deviceData`` to checked values, or the first problem as its documented error."""
    if text is None or (isinstance(text, str) and not text.strip()):
        raise DeviceErrors.REGISTER_MISSING_INPUT.error(field="deviceData")
    if not isinstance(text, str):
        raise _invalid("deviceData", "expected base64 text")
    if len(text) > max_chars:
        raise _invalid("deviceData", f"at most {max_chars} characters")
    raw = split_jws(text, "deviceData").payload if "." in text else decode_base64(text, "deviceData")
    data = decode_json_object(raw, "deviceData")
    info = data.get("deviceInfo")
    if info is None:
        raise DeviceErrors.REGISTER_MISSING_INPUT.error(field="deviceInfo")
    if not isinstance(info, dict):
        raise _invalid("deviceInfo", "expected a JSON object")
    ftp = data.get("foundationalTrustProviderId")
    if ftp is not None and not isinstance(ftp, str):
        raise _invalid("foundationalTrustProviderId", "expected a string")
    sub_id = info.get("deviceSubId")
    if isinstance(sub_id, int) and not isinstance(sub_id, bool):
        sub_id = str(sub_id)
    digital = info.get("digitalId", info.get("digitalID"))
    if digital is None or digital == "":
        raise DeviceErrors.REGISTER_MISSING_INPUT.error(field="deviceInfo.digitalId")
    return DeviceData(
        device_id=_text(data, "deviceId", "deviceId", max_length=128),
        purpose=_text(data, "purpose", "purpose", max_length=32),
        certification=_text(info, "certification", "deviceInfo.certification", max_length=8),
        device_sub_id=_text({"deviceSubId": sub_id}, "deviceSubId", "deviceInfo.deviceSubId", max_length=16),
        firmware=_text(info, "firmware", "deviceInfo.firmware", max_length=128),
        time_stamp=_time(info, "timeStamp", "deviceInfo.timeStamp"),
        device_expiry=_time(info, "deviceExpiry", "deviceInfo.deviceExpiry", required=False),
        foundational_trust_provider_id=(ftp or "").strip() or None,
        digital_id=parse_digital_id(digital),
    )


def parse_registration(text: object, max_chars: int | None = None) -> DeviceData:
    """D5's ``deviceData`` as the service takes it: decoded and checked
    (``parse_device_data``, at most ``max_chars``, by default PMS_DEVICE_DATA_MAX_CHARS),
    then its purpose (034) and certification level (033) named by MOSIP's choices, in any
    case."""
    data = parse_device_data(text, app_settings.PMS_DEVICE_DATA_MAX_CHARS if max_chars is None else max_chars)
    purpose = match_choice(data.purpose, Purpose.values)
    if purpose is None:
        raise DeviceErrors.INVALID_PURPOSE.error()
    certification = match_choice(data.certification, Certification.values)
    if certification is None:
        raise DeviceErrors.INVALID_CERTIFICATION.error()
    return replace(data, purpose=Purpose(purpose), certification=Certification(certification))


# --- the digital ID of a validation (D8/D9) --------------------------------------------

_DIGITAL_ID_FIELDS = ("serialNo", "make", "model", "type", "subType", "dp", "dpId")


@dataclass(frozen=True)
class ValidationRequest:
    device_code: str
    service_version: str
    digital_id: dict[str, str]


def validation_request(device_code: object, service_version: object, digital_id: object) -> ValidationRequest:
    """D8/D9's body: the device code, the MDS version and the digital ID's seven fields
    (keys in any case, ``sub_type`` for ``subType``), each a non-blank text, else
    KER-MSD-999 naming the field."""
    invalid = DeviceErrors.INVALID_INPUT
    code = require_text(device_code, "deviceCode", 128, missing=invalid, invalid=invalid)
    version = require_text(service_version, "deviceServiceVersion", 64, missing=invalid, invalid=invalid)
    if not isinstance(digital_id, dict):
        raise invalid.error(field="digitalId", detail="expected a JSON object")
    lowered = {str(k).lower(): v for k, v in digital_id.items()}
    lowered.setdefault("subtype", lowered.get("sub_type"))
    values = {name: require_text(lowered.get(name.lower()), f"digitalId.{name}", 128, missing=invalid, invalid=invalid)
              for name in _DIGITAL_ID_FIELDS}
    return ValidationRequest(code, version, values)



# --- building what a device sends (the inverse of the parsing above) -------------------


def encode_base64(value: dict | bytes, *, urlsafe: bool = False, pad: bool = True) -> str:
    """JSON (or bytes) as base64: standard and padded, as the catalog's samples, unless
    asked otherwise (the parser takes every form)."""
    raw = value if isinstance(value, bytes) else json.dumps(value).encode()
    text = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(raw).decode("ascii")
    return text if pad else text.rstrip("=")


def build_digital_id(*, provider_id: str, provider_name: str, serial_no: str, make: str, model: str,
                     device_type: str, device_sub_type: str, at: dt.datetime | None = None) -> dict:
    """The DigitalId JSON (catalog §10.4), every field the parser requires, ``dateTime`` now
    unless given."""
    return {"serialNo": serial_no, "deviceProvider": provider_name, "deviceProviderId": provider_id, "make": make,
            "model": model, "dateTime": format_time(at or dt.datetime.now(dt.timezone.utc)), "type": device_type,
            "subType": device_sub_type}


def build_device_data(digital_id: dict | str, *, device_id: str, purpose: str = "AUTH", certification: str = "L0",
                      device_sub_id: str = "1", firmware: str = "fw-2.1.0", time_stamp: dt.datetime | None = None,
                      device_expiry: dt.datetime | None = None, foundational_trust_provider_id: str = "",
                      urlsafe: bool = False, pad: bool = True) -> str:
    """D5's ``deviceData``: base64 of the DeviceData JSON whose ``deviceInfo.digitalId`` is
    base64 of the digital ID JSON (or, given as text, used as is: a JWS for L1).
    ``timeStamp`` is now unless given (it must be within the server's window); the device
    expires in a year unless told."""
    now = dt.datetime.now(dt.timezone.utc)
    info = {"deviceSubId": device_sub_id, "certification": certification,
            "digitalId": digital_id if isinstance(digital_id, str) else encode_base64(digital_id),
            "firmware": firmware, "deviceExpiry": format_time(device_expiry or now + dt.timedelta(days=365)),
            "timeStamp": format_time(time_stamp or now)}
    return encode_base64({"deviceId": device_id, "purpose": purpose, "deviceInfo": info,
                          "foundationalTrustProviderId": foundational_trust_provider_id}, urlsafe=urlsafe, pad=pad)
