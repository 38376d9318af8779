"""Secrets at rest (SPEC §6): partner API keys and MISP license keys are stored encrypted
with a data key, plus a keyed digest to find them by value.

- **Data keys** (``PMS_DATA_KEYS``): comma-separated Fernet keys (urlsafe base64 of 32
  bytes; ``manage.py generate_data_key`` prints one). The first encrypts; all decrypt, so
  a key is rotated by putting a new one first and dropping the old one once nothing
  encrypted with it remains (``MultiFernet`` from the ``cryptography`` package).
- **Lookup key** (``PMS_LOOKUP_KEY``): the HMAC-SHA256 key of the digests used to find a
  secret by its value. It does not rotate with the data keys (a new one would orphan
  every stored digest).

Both are required in production; in development they are generated once into
``PMS_KEY_DIR/data-keys.json`` (mode 0600).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .keys import write_private

GENERATED_FILE_NAME = "data-keys.json"
MASK = "••••"
HINT_LENGTH = 4


def key_hint(value: str) -> str:
    """What a key model keeps in clear to show a key masked (``MASK`` + hint): its last
    ``HINT_LENGTH`` characters."""
    return value[-HINT_LENGTH:]


@dataclass(frozen=True)
class SecretBox:
    box: MultiFernet
    lookup_key: bytes

    def seal(self, value: str) -> str:
        return self.box.encrypt(value.encode()).decode()

    def open(self, sealed: str) -> str:
        try:
            return self.box.decrypt(sealed.encode()).decode()
        except InvalidToken:
            raise ImproperlyConfigured("a stored secret cannot be decrypted with PMS_DATA_KEYS (a key was removed?)") from None

    def digest(self, value: str) -> str:
        return hmac.new(self.lookup_key, value.encode(), hashlib.sha256).hexdigest()

    def sealed_fields(self, value: str) -> dict[str, str]:
        """What a key record stores of a secret (``kernel.models.SealedKey``): the value
        sealed, its digest and its hint, never the value."""
        return {"sealed_key": self.seal(value), "key_digest": self.digest(value), "key_hint": key_hint(value)}


_lock = threading.Lock()
_cache: dict[tuple, SecretBox] = {}


def _configured() -> tuple[str, str, str]:
    return (settings.PMS_DATA_KEYS, settings.PMS_LOOKUP_KEY, str(settings.PMS_KEY_DIR))


def secret_box() -> SecretBox:
    source = _configured()
    with _lock:
        box = _cache.get(source)
        if box is None:
            box = _load(*source)
            _cache.clear()
            _cache[source] = box
        return box


def _load(data_keys: str, lookup_key: str, key_dir: str) -> SecretBox:
    if data_keys or lookup_key:
        if not (data_keys and lookup_key):
            raise ImproperlyConfigured("Set both PMS_DATA_KEYS and PMS_LOOKUP_KEY, or neither (development only)")
        keys, lookup = [k.strip() for k in data_keys.split(",") if k.strip()], lookup_key.strip()
    elif settings.PRODUCTION:
        raise ImproperlyConfigured("PMS_DATA_KEYS and PMS_LOOKUP_KEY must be set in production "
                                   "(make each with: manage.py generate_data_key)")
    else:
        keys, lookup = _generated(Path(key_dir) / GENERATED_FILE_NAME)
    try:
        box = MultiFernet([Fernet(key.encode()) for key in keys])
        lookup_bytes = base64.urlsafe_b64decode(lookup.encode())
    except (ValueError, TypeError):
        raise ImproperlyConfigured("PMS_DATA_KEYS and PMS_LOOKUP_KEY must be urlsafe base64 of 32 bytes "
                                   "(manage.py generate_data_key)") from None
    if len(lookup_bytes) < 32:
        raise ImproperlyConfigured("PMS_LOOKUP_KEY must be at least 32 bytes")
    return SecretBox(box, lookup_bytes)


def _generated(path: Path) -> tuple[list[str], str]:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fresh = {"data_keys": [Fernet.generate_key().decode()], "lookup_key": Fernet.generate_key().decode()}
        try:
            write_private(path, json.dumps(fresh).encode())
        except FileExistsError:
            pass  # another worker wrote it first
    stored = json.loads(path.read_text())
    return stored["data_keys"], stored["lookup_key"]


def secrets_problem() -> str | None:
    try:
        secret_box()
    except ImproperlyConfigured as exc:
        return str(exc)
    except (OSError, ValueError, KeyError) as exc:
        return f"the generated data keys cannot be read ({exc})"
    return None
