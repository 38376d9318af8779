"""Keeping secrets out of the logs (SPEC §6): API keys and license keys travel in some
URL paths (MOSIP's P6 ``/policies/partnerApiKey/{key}``, PM12, the manager's
``/pmpartners/{partnerId}/{key}``), tokens in headers. Every log line the service writes
goes through ``redact``: Django's own ("Not Found: /path", "Forbidden: /path") through the
``RedactSecrets`` filter on the handlers, gunicorn's access log through
``RedactingGunicornLogger`` (config/gunicorn.py)."""

from __future__ import annotations

import logging
import re

_AFTER_SECRET_WORD = re.compile(r"(?i)(/(?:partnerApiKey|mispLicenseKey)/)[^/?#\s]+")
# /pmpartners/{partnerId}/{key} (also doubled): the second segment may be an API key.
_MANAGER_KEY = re.compile(r"(?i)(/pmpartners(?:/pmpartners)?/[^/?#\s]+/)[^/?#\s]+")
# A bare long random segment (API keys are 43 characters, license keys 50; UUIDs are 36).
_LONG_RANDOM = re.compile(r"(?<=/)[A-Za-z0-9_-]{40,}(?=[/?#\s]|$)")
_JWT = re.compile(r"[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")
_SECRET_QUERY = re.compile(r"(?i)([?&](?:token|key|licenseKey|apiKey|otp|password)=)[^&#\s]*")

REDACTED = "[redacted]"


def redact(text: str) -> str:
    text = _AFTER_SECRET_WORD.sub(lambda m: m.group(1) + REDACTED, text)
    text = _MANAGER_KEY.sub(lambda m: m.group(1) + REDACTED, text)
    text = _LONG_RANDOM.sub(REDACTED, text)
    text = _JWT.sub(REDACTED, text)
    return _SECRET_QUERY.sub(lambda m: m.group(1) + REDACTED, text)


def redact_reference(value: str) -> str:
    """An audit row's reference: a path is redacted like a log line; a bare value as long
    and random as a key (40+ characters, where every id we make is at most 36) is a key."""
    return REDACTED if re.fullmatch(r"[A-Za-z0-9_-]{40,}", value) else redact(value)


class RedactSecrets(logging.Filter):
    """A handler filter: the record's message is formatted and redacted once."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, ()
        return True


try:
    from gunicorn import glogging
except ImportError:  # pragma: no cover - gunicorn is a dependency; development may run without it
    glogging = None

if glogging is not None:

    class RedactingGunicornLogger(glogging.Logger):
        """gunicorn's logger with the request line, path, query, referer and credential
        headers redacted in the access log."""

        def atoms(self, resp, req, environ, request_time):
            atoms = super().atoms(resp, req, environ, request_time)
            for name in ("r", "U", "q", "f"):
                if isinstance(atoms.get(name), str):
                    atoms[name] = redact(atoms[name])
            for name in ("{authorization}i", "{cookie}i", "{set-cookie}o"):
                if name in atoms:
                    atoms[name] = REDACTED
            return atoms
