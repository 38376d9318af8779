"""An example request and answer for every operation of the OpenAPI schema.

A drf-spectacular postprocessing hook (``add_examples``, after
``kernel.schema.add_error_responses``): for each operation that declares no example of its
own, it builds the request body's example and the success answer's example from their
schemas, in the MOSIP envelope, with the endpoint's documented envelope ``id`` and MOSIP's
time format. Values are chosen by field name (ids, e-mail addresses, contact numbers,
times, keys, device fields...) so that Swagger UI shows something a client would send,
and every value satisfies its schema (enums, lengths, patterns, nullability);
``tests/test_schema_examples.py`` validates each example against its schema.

Endpoints can still declare their own examples with ``extend_schema(examples=...)``: an
operation or media type that already has one is left alone."""

from __future__ import annotations

import re
from typing import Any

EXAMPLE_TIME = "2026-01-15T09:30:00.000Z"  # yyyy-MM-ddTHH:mm:ss.SSSZ, UTC
EXAMPLE_POLICY = {
    "authPolicies": [{"authType": "otp", "mandatory": True}, {"authType": "bio", "authSubType": "FINGER", "mandatory": False}],
    "allowedKycAttributes": [{"attributeName": "fullName", "required": True}, {"attributeName": "dateOfBirth"}],
}
EXAMPLE_CERTIFICATE = ("-----BEGIN CERTIFICATE-----\nMIIDNjCCAh6gAwIBAgIUXFj6LEKcpIwsfFv7b+f8dvzptUcwDQYJKoZIhvcNAQEL\n"
                       "-----END CERTIFICATE-----\n")
EXAMPLE_TOKEN = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJwbXNhZG1pbiIsInJvbGVzIjpbIlBBUlRORVJfQURNSU4iXX0.c2lnbmF0dXJl"

# Field name (lower case) -> example value. Checked before the suffix rules below.
_BY_NAME: dict[str, Any] = {
    "appid": "partnermanagement", "username": "pmsadmin", "userid": "pmsadmin", "password": "S3cure-pass-2026",
    "clientid": "ida-client", "secretkey": "long-random-secret", "token": EXAMPLE_TOKEN,
    "version": "1.0", "swversion": "1.0.0", "deviceserviceversion": "1.0.0",
    "organizationname": "Airtel India", "name": "Airtel India", "vendorname": "Acme Biometrics", "dp": "Acme Biometrics",
    "address": "Bengaluru", "emailid": "ops@airtel.example", "email": "ops@airtel.example", "mail": "ops@airtel.example",
    "contactnumber": "+91 98450 00000", "contactno": "+91 98450 00000",
    "partnerid": "airtel-01", "dpid": "dp-acme", "deviceproviderid": "dp-acme",
    "policyid": "kyc-11", "oldpolicyid": "kyc-10", "newpolicyid": "kyc-11", "policyname": "KYC 1.1",
    "policygroupname": "Banking", "policygroup": "Banking", "policytype": "Auth", "partnertype": "Auth_Partner",
    "partnerdomain": "AUTH", "desc": "e-KYC for bank branches", "policydesc": "e-KYC for bank branches",
    "description": "e-KYC for bank branches", "usecasedescription": "e-KYC at branches",
    "status": "Active", "misplicensekeystatus": "Active", "mispstatus": "Approved", "apikeyrequeststatus": "Approved",
    "partnerapikey": "lv6nGLqSqEu5HYT4Ra89CHbXHMA1PGiqpUBIcxjB3P0", "apikey": "lv6nGLqSqEu5HYT4Ra89CHbXHMA1PGiqpUBIcxjB3P0",
    "misplicensekey": "Cc8NsA5FZZpLWxcx02dt6wUbsLXv5cQy0S5zlq8NPyUCuBQ26G",
    "licensekey": "Cc8NsA5FZZpLWxcx02dt6wUbsLXv5cQy0S5zlq8NPyUCuBQ26G",
    "certificate": EXAMPLE_CERTIFICATE, "certificatedata": EXAMPLE_CERTIFICATE, "partnercertificate": EXAMPLE_CERTIFICATE,
    "signedcertificatedata": EXAMPLE_CERTIFICATE, "mosipsignedcertificatedata": EXAMPLE_CERTIFICATE,
    "casignedcertificatedata": EXAMPLE_CERTIFICATE, "certificatealias": "acme-cert", "certalias": "acme-cert",
    "devicecode": "b7c1f9f0-6a57-4a8e-9d0e-5a4f2f1c3e21", "serialno": "SN-0001", "make": "Acme", "model": "FP-100",
    "type": "Finger", "regdevicetypecode": "Finger", "subtype": "Single", "regdevicesubcode": "Single",
    "swbinaryhash": "c2hhLTI1Ng", "devicedata": "eyJkZXZpY2VJZCI6IjEyMyJ9",
    "errorcode": "PMS_COR_001", "message": "status updated successfully", "eventid": "PMS_PRT_101",
    "eventname": "Register partner", "eventtype": "User", "hostname": "pms-1", "hostip": "192.0.2.10",
    "clientip": "192.0.2.20", "applicationid": "PMS", "applicationname": "Partner Management Service",
    "moduleid": "PMS_PRT", "modulename": "Partner Service", "idtype": "partnerId", "roles": "PARTNER_ADMIN",
    "role": "PARTNER_ADMIN", "outcome": "Success", "attributename": "fullName", "authtype": "otp",
    "extractor": "extractor", "provider": "vendor-x", "biometric": "finger",
    "cr_by": "pmsadmin", "up_by": "pmsadmin", "createdby": "pmsadmin", "updatedby": "pmsadmin",
    "sessionusername": "pmsadmin", "mispstatuscode": "approved", "licensekeystatus": "Active",
    "isdeleted": False,
}
# Field names whose example depends on the operation's path: (name, path fragment) -> value.
_BY_PATH = [
    ("name", "/policyGroup", "Banking"), ("name", "/policies", "KYC 1.1"), ("name", "/misps", "Telco Infra"),
    ("status", "PartnerAPIKeyRequests", "Approved"), ("status", "/policies", "De-Active"),
    ("status", "/registereddevices", "success"), ("message", "/registereddevices", "Device de-register successfully"),
    ("status", "/deviceprovidermanagement/validate", "Valid"),
    ("message", "/deviceprovidermanagement/validate", "Device details validated successfully"),
    # MOSIP's signed registration answer: base64(header).base64(payload).base64(base64(signature))
    ("response", "/registereddevices", "eyJhbGciOiJSUzI1NiIsInR5cGUiOiJKV1MifQ==.eyJzdGF0dXMiOiJSRUdJU1RFUkVEIn0=."
                                       "YzJsbmJtRjBkWEps"),
]
# MOSIP 1.2's device, SBI, FTM and client answers (statuses in their 1.2 spelling).
_BY_PATH += [
    ("status", "/securebiometricinterface", "approved"), ("status", "/devicedetail", "approved"),
    ("status", "/ftpchipdetail", "approved"), ("status", "/oauth/client", "ACTIVE"), ("status", "/oidc/client", "ACTIVE"),
    ("approvalstatus", "/securebiometricinterface", "approved"), ("approvalstatus", "/devicedetail", "approved"),
    ("approvalstatus", "/ftpchipdetail", "approved"), ("partnerstatus", "/ftpchipdetail", "approved"),
    ("sbiexpirystatus", "/securebiometricinterface", "valid"),
    ("devicetype", "/devicedetail", "Finger"), ("devicesubtype", "/devicedetail", "Slap"),
    ("devicetypecode", "/devicedetail", "Finger"), ("devicesubtypecode", "/devicedetail", "Slap"),
    ("devicetypecode", "/securebiometricinterface", "Finger"),
    ("devicesubtypecode", "/securebiometricinterface", "Slap"),
]
# Times by the type the schema's description names (1.2 answers: Jackson's defaults).
LOCAL_TIME = "2026-01-15T09:30:00"  # LocalDateTime: no zone
OFFSET_TIME = "2026-01-15T09:30:00.000+00:00"  # java.util.Date
_NULL_NAMES = {"deleteddatetime"}  # nullable fields MOSIP's answers always carry as null
_TIME_NAMES = {"issuedat", "expiryat", "validfrom", "validto", "expiry", "mispLicenseKeyExpiry".lower(), "licensekeyexpiry"}
_ID_VALUE = "14638292045432"  # the service's generated ids are digits
_INTS = {"page": 1, "pagesize": 10, "totalitems": 1, "totalpages": 1}


def _resolve(schema: dict, components: dict) -> dict:
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 20:
        schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
        seen += 1
    return schema if isinstance(schema, dict) else {}


def _fits(value: str, schema: dict) -> bool:
    if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", 10**9):
        return False
    return "pattern" not in schema or re.search(schema["pattern"], value) is not None


def _string(name: str, schema: dict, context: str = "") -> str:
    key = name.lower()
    candidates = [value for field, fragment, value in _BY_PATH if field == key and fragment in context]
    if key in _BY_NAME and isinstance(_BY_NAME[key], str):
        candidates.append(_BY_NAME[key])
    description = str(schema.get("description", ""))
    if description.startswith("LocalDateTime"):
        candidates.append(LOCAL_TIME)
    elif description.startswith("java.util.Date"):
        candidates.append(OFFSET_TIME)
    if key.endswith(("time", "times", "timestamp", "datetime", "till")) or key in _TIME_NAMES:
        candidates.append(EXAMPLE_TIME)
    if key.endswith("id") or key.endswith("no") or key == "id":
        candidates.append(_ID_VALUE)
    candidates += ["airtel-01", "example", "1"]
    for value in candidates:
        if _fits(value, schema):
            return value
    value = candidates[0][: schema.get("maxLength", 10**9)]
    return value + "x" * max(0, schema.get("minLength", 0) - len(value))


def _number(name: str, schema: dict, integer: bool) -> int | float:
    value = _INTS.get(name.lower(), 1)
    if "minimum" in schema:
        value = max(value, schema["minimum"])
    if "maximum" in schema:
        value = min(value, schema["maximum"])
    return int(value) if integer else float(value)


def _any(name: str) -> Any:
    """A value for a schema that allows anything (a JSONField)."""
    key = name.lower()
    if key == "policies":
        return EXAMPLE_POLICY
    if key in ("metadata", "request", "response"):
        return {}
    return _BY_NAME.get(key, {})


def example_for(schema: dict, components: dict, name: str = "", depth: int = 0, context: str = "") -> Any:
    """An example value that satisfies ``schema`` (OpenAPI 3.0), chosen by field name (and,
    for a few names, by ``context``: the operation's path)."""
    schema = _resolve(schema, components)
    if "example" in schema:
        return schema["example"]
    if depth > 12:
        return None if schema.get("nullable") else {}
    if schema.get("nullable") and name.lower() in _NULL_NAMES:
        return None
    if "enum" in schema:
        values = [v for v in schema["enum"] if v is not None]
        return values[0] if values else None
    for key in ("oneOf", "anyOf"):
        if key in schema:
            branches = [b for b in schema[key] if not _is_error_envelope(b)] or schema[key]
            return example_for(branches[0], components, name, depth + 1, context)
    if "allOf" in schema:
        merged: dict = {}
        for part in schema["allOf"]:
            value = example_for(part, components, name, depth + 1, context)
            if isinstance(value, dict):
                merged.update(value)
            else:
                return value
        return merged
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        values = schema.get("additionalProperties")
        if not properties and isinstance(values, dict) and values:
            # A map (e.g. MISPs by organization name): one entry.
            return {_string("name", {}, context): example_for(values, components, name, depth + 1, context)}
        if not properties:
            return _any(name) if name.lower() in ("policies", "metadata") else {}
        return {key: example_for(value, components, key, depth + 1, context) for key, value in properties.items()}
    if kind == "array":
        item = example_for(schema.get("items", {}), components, name, depth + 1, context)
        return [item] * max(1, schema.get("minItems", 1))
    if kind == "string":
        return _string(name, schema, context)
    if kind in ("integer", "number"):
        return _number(name, schema, kind == "integer")
    if kind == "boolean":
        value = _BY_NAME.get(name.lower())
        return value if isinstance(value, bool) else True
    return _any(name)


def _is_error_envelope(schema: dict) -> bool:
    return isinstance(schema, dict) and schema.get("$ref", "").endswith("/ErrorEnvelope")


def _envelope_ids(generator) -> dict[tuple[str, str], str]:
    """(path, METHOD) -> the endpoint's documented envelope id (``response_id``)."""
    ids: dict[tuple[str, str], str] = {}
    for path, _regex, method, callback in getattr(generator, "endpoints", None) or []:
        view_class = getattr(callback, "cls", None)
        documented = getattr(view_class, "response_id", None)
        if isinstance(documented, dict):
            documented = documented.get(method.upper()) or documented.get("*")
        if isinstance(documented, str):
            ids[(path, method.upper())] = documented
    return ids


_UNSET = object()


def _answers_12(generator) -> dict[tuple[str, str], tuple[str | None, str | None, bool]]:
    """(path, METHOD) -> the (id, version) a 1.2 route answers (kernel.mosip12): V2 the
    route's API id and ``1.0``; V1 its fixed id and version (null on most routes)."""
    from .mosip12 import V2, V2_VERSION, Mosip12APIView

    shapes: dict[tuple[str, str], tuple[str | None, str | None, bool]] = {}
    for path, _regex, method, callback in getattr(generator, "endpoints", None) or []:
        view_class = getattr(callback, "cls", None)
        if not (isinstance(view_class, type) and issubclass(view_class, Mosip12APIView)):
            continue
        answer = view_class().answer_for(method.upper())
        if isinstance(answer, V2):
            shapes[(path, method.upper())] = (answer.api_id, V2_VERSION, True)
        elif not answer.echo:
            shapes[(path, method.upper())] = (answer.id, answer.version, False)
    return shapes


def _fill_envelope(value: Any, envelope_id: str | None, *, request: bool, answer_12: Any = _UNSET) -> Any:
    if not isinstance(value, dict) or not ({"request", "response"} & value.keys()):
        return value
    if envelope_id and "id" in value:
        value["id"] = envelope_id
    if "version" in value:
        value["version"] = "1.0"
    if answer_12 is not _UNSET and "id" in value:
        answer_id, answer_version, v2 = answer_12
        if not request:
            value["id"], value["version"] = answer_id, answer_version
        elif v2:
            value["id"] = answer_id  # a V2 request must name the route's API id
    if request:
        value.update({key: EXAMPLE_TIME for key in ("requesttime", "requestTime") if key in value})
        if "metadata" in value:
            value["metadata"] = {}
    else:
        value.update({key: EXAMPLE_TIME for key in ("responsetime", "responseTime") if key in value})
        if "errors" in value:
            value["errors"] = []
        if value.get("metadata") == {}:
            value["metadata"] = None  # MOSIP's answers carry null unless they are a page
    return value


def _has_examples(media: dict) -> bool:
    return "example" in media or "examples" in media


def add_examples(result, generator, request, public):
    """drf-spectacular postprocessing hook: an example request body and success answer for
    every operation that lacks them."""
    components = result.get("components", {}).get("schemas", {})
    envelope_ids = _envelope_ids(generator)
    answers_12 = _answers_12(generator)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            envelope_id = envelope_ids.get((path, method.upper()))
            for media in operation.get("requestBody", {}).get("content", {}).values():
                if "schema" in media and not _has_examples(media):
                    value = _fill_envelope(example_for(media["schema"], components, context=path), envelope_id,
                                           request=True, answer_12=answers_12.get((path, method.upper()), _UNSET))
                    media["examples"] = {"request": {"summary": "a request", "value": value}}
            for status, response in operation["responses"].items():
                if not status.startswith("2"):
                    continue
                for media in response.get("content", {}).values():
                    if "schema" in media and not _has_examples(media):
                        value = _fill_envelope(example_for(media["schema"], components, context=path), envelope_id,
                                               request=False,
                                               answer_12=answers_12.get((path, method.upper()), _UNSET))
                        media["examples"] = {"success": {"summary": "the answer", "value": value}}
    return result
