"""JSON parsing with the limits of SPEC §9.21: size, nesting depth, NUL characters."""

from __future__ import annotations

import json
import re
from typing import Any

from django.conf import settings
from rest_framework.parsers import BaseParser

from .errors import KernelErrors

# NUL and lone UTF-16 surrogates (JSON allows "\ud800"; no database can store it).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable_text(text: str) -> str | None:
    """Why ``text`` cannot be stored, or None."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    return "NUL character" if found.group() == "\x00" else "lone UTF-16 surrogate"


def _check_structure(value: Any, max_depth: int) -> None:
    """Walk iteratively (a recursive walk is itself a stack-depth attack surface)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (dict, list)):
            if depth > max_depth:
                raise KernelErrors.INVALID_INPUT.error(field="body", detail=f"JSON nested deeper than {max_depth} levels")
            children = node.items() if isinstance(node, dict) else enumerate(node)
            for key, child in children:
                if isinstance(key, str) and (problem := unstorable_text(key)):
                    raise KernelErrors.INVALID_INPUT.error(field="body", detail=f"{problem} in a field name")
                stack.append((child, depth + 1))
        elif isinstance(node, str) and (problem := unstorable_text(node)):
            raise KernelErrors.INVALID_INPUT.error(field="body", detail=f"{problem} in a string value")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def loads_strict(raw: bytes) -> Any:
    limit = settings.PMS_MAX_BODY_BYTES
    if len(raw) > limit:
        raise KernelErrors.BODY_TOO_LARGE.error(limit=limit)
    try:
        text = raw.decode("utf-8")
        value = json.loads(text, parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise KernelErrors.INVALID_INPUT.error(field="body", detail="the body is not valid JSON") from None
    _check_structure(value, settings.PMS_MAX_JSON_DEPTH)
    return value


class EnvelopeJSONParser(BaseParser):
    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        limit = settings.PMS_MAX_BODY_BYTES
        # Read one byte past the limit: bodies sent without Content-Length are bounded too.
        raw = stream.read(limit + 1) if stream is not None else b""
        return loads_strict(raw)
