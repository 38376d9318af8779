"""Policy documents checked against the JSON schemas in ``schemas/`` (catalog §7.2, SPEC §9.9).

Each schema violation becomes one error naming the offending field
(``policies.authPolicies[1].authType``), with the code the catalog gives for its kind:
auth types PMS_POL_006, KYC attributes PMS_POL_005, missing KYC attributes PMS_POL_007,
anything else PMS_POL_051. The supported auth types, biometric sub-types and KYC
attributes come from settings so adopters can extend them.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

from kernel.errors import PmsError

from .conf import app_settings
from .errors import PolicyErrors
from .models import PolicyType

SCHEMA_DIR = Path(__file__).with_name("schemas")
FIELD_ROOT = "policies"

# Spellings clients send for the same key (MOSIP 1.1 spells allowedKYCAttributes).
KEY_ALIASES = {"allowedkycattributes": "allowedKycAttributes", "authpolicies": "authPolicies"}


def _fill(node: Any, values: dict[str, list[str]]) -> Any:
    if isinstance(node, dict):
        return {k: _fill(v, values) for k, v in node.items()}
    if isinstance(node, list):
        return [_fill(v, values) for v in node]
    if isinstance(node, str) and node in values:
        return values[node]
    return node


@lru_cache(maxsize=8)
def _validator(kind: str, auth_types: tuple, bio_subtypes: tuple, kyc_attributes: tuple) -> Draft202012Validator:
    name = "auth-policy" if kind == PolicyType.AUTH else "data-share-policy"
    raw = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text())
    schema = _fill(
        copy.deepcopy(raw),
        {"__AUTH_TYPES__": list(auth_types), "__BIO_SUBTYPES__": list(bio_subtypes), "__KYC_ATTRIBUTES__": list(kyc_attributes)},
    )
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def validator_for(policy_type: str) -> Draft202012Validator:
    return _validator(
        policy_type,
        tuple(app_settings.PMS_AUTH_TYPES),
        tuple(app_settings.PMS_BIO_SUBTYPES),
        tuple(app_settings.PMS_SUPPORTED_KYC_ATTRIBUTES),
    )


def normalise_document(document: Any) -> Any:
    """Known alternative key spellings become the documented ones; auth types are matched
    case-insensitively (``OTP`` is ``otp``, ``finger`` is ``FINGER``)."""
    if not isinstance(document, dict):
        return document
    result = {KEY_ALIASES.get(str(k).lower(), k): v for k, v in document.items()}
    auth = result.get("authPolicies")
    if isinstance(auth, list):
        fixed = []
        for item in auth:
            if isinstance(item, dict):
                item = dict(item)
                if isinstance(item.get("authType"), str):
                    item["authType"] = item["authType"].strip().lower()
                if isinstance(item.get("authSubType"), str) and item["authSubType"].strip():
                    item["authSubType"] = item["authSubType"].strip().upper()
            fixed.append(item)
        result["authPolicies"] = fixed
    return result


def _field(error: SchemaError) -> str:
    path = FIELD_ROOT
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        if missing:
            path += f".{missing}"
    return path


def _code_for(policy_type: str, error: SchemaError, field: str):
    if policy_type == PolicyType.AUTH:
        if field.endswith(".allowedKycAttributes") and error.validator == "required":
            return PolicyErrors.KYC_ATTRIBUTES_MISSING
        if ".allowedKycAttributes" in field:
            return PolicyErrors.UNSUPPORTED_KYC_ATTRIBUTE
        if ".authPolicies" in field:
            return PolicyErrors.UNSUPPORTED_AUTH_TYPE
    elif field.endswith(".shareableAttributes") and error.validator == "required":
        return PolicyErrors.KYC_ATTRIBUTES_MISSING
    return PolicyErrors.SCHEMA_MISMATCH


def _describe(error: SchemaError) -> str:
    if error.validator == "required":
        return "is required"
    if error.validator == "enum" and error.validator_value == [None, ""]:
        return "must be empty unless authType is bio"
    if error.validator == "enum":
        return f"{json.dumps(error.instance)[:80]} is not one of the supported values"
    if error.validator in ("minItems",):
        return "must not be empty"
    if error.validator == "oneOf":
        return "must be a whole number (or a string of digits)"
    return error.message[:200]


def document_errors(policy_type: str, document: Any) -> list[PmsError]:
    """Every violation of the policy type's schema, in document order."""
    validator = validator_for(policy_type)
    found = []
    for error in sorted(validator.iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path]):
        # An if/then failure repeats what its sub-errors say; report the specific ones.
        if error.validator in ("allOf", "if", "then", "else"):
            for sub in error.context or []:
                found.append(_to_pms(policy_type, sub))
            continue
        found.append(_to_pms(policy_type, error))
    unique: dict[tuple[str, str], PmsError] = {}
    for item in found:
        unique.setdefault((item.code, item.message), item)
    return list(unique.values())


def _to_pms(policy_type: str, error: SchemaError) -> PmsError:
    field = _field(error)
    return _code_for(policy_type, error, field).error(detail=f"{field} {_describe(error)}")


def validate_document(policy_type: str, document: Any) -> dict[str, Any]:
    """The normalised document, or a PmsError carrying every violation."""
    if not isinstance(document, dict):
        raise PolicyErrors.SCHEMA_MISMATCH.error(detail=f"{FIELD_ROOT} must be a JSON object")
    normalised = normalise_document(document)
    errors = document_errors(policy_type, normalised)
    if errors:
        raise PmsError.combine(errors)
    return normalised
