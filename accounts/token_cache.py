"""A per-process cache of checked tokens, revalidated by the authentication epoch.

``accounts.authentication.authenticate_token`` checks a token in full (signature, times,
the user's row, the token's revocation, the user's groups) and keeps what it found here,
under the SHA-256 of the token (never the token itself). A later request carrying the
*identical* string is answered from here with no SQL: its signature is not verified again,
since the same bytes were verified before (an altered token is another string, so another
key), but its times (``exp``, ``nbf``, ``iat``, with the same leeway as ``verify_token``)
are checked against the clock on every request, and the user is a new instance each time.

What can make a cached answer wrong is a change in the database (a password, a
deactivation, a removed role, a revocation, a deleted user, a renamed group). Database
triggers raise the one-row ``AuthEpoch`` on each such change (accounts 0003), and the cache
is emptied whenever it reads an epoch other than the one it was filled under. It reads it
at most every ``PMS_AUTH_CACHE_SECONDS`` (one primary-key SELECT), and with each full check
(the same statement), so a change made by another process is seen within that delay. A
change made in this process through the ORM empties the cache at once, and again when its
transaction commits (signal receivers below), so the process that made it never serves
the old answer. ``PMS_AUTH_CACHE_SECONDS=0`` switches the cache off: every request is
checked in full, as without it.

The cache holds at most ``MAX_ENTRIES`` tokens (least recently used dropped first), so many
distinct tokens cost bounded memory; only tokens that passed the full check get in.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
import time
from collections import OrderedDict
from typing import Any, Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .conf import app_settings
from .models import RevokedToken
from .tokens import LEEWAY_SECONDS, InvalidToken, TokenClaims

MAX_ENTRIES = 4096

# The clocks, as module attributes so tests can move them: ``monotonic`` paces the epoch
# reads, ``wall_clock`` is what a token's times are compared with (PyJWT's ``now``).
monotonic: Callable[[], float] = time.monotonic
wall_clock: Callable[[], float] = time.time

_NEVER_READ = object()


def cache_seconds() -> float:
    return app_settings.PMS_AUTH_CACHE_SECONDS


def token_key(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).digest()


@dataclasses.dataclass(frozen=True)
class CachedToken:
    """What a full check found: the claims (with the roles that apply), the user's field
    values (a new instance is made of them per request), and what the check depended on
    besides the database (the issuer settings and the key it was verified with)."""

    claims: TokenClaims
    field_names: tuple[str, ...]
    user_values: tuple[Any, ...]
    context: tuple[Any, ...]


def _copy_json(value):
    """A deep copy of decoded JSON (dicts, lists, scalars), faster than ``copy.deepcopy``."""
    if isinstance(value, dict):
        return {k: _copy_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy_json(v) for v in value]
    return value


def check_times(claims: TokenClaims) -> None:
    """The time rules ``verify_token`` applies through PyJWT (same comparisons, same
    leeway, same reasons), against ``wall_clock`` now."""
    now = wall_clock()
    raw = claims.raw
    if int(raw["exp"]) <= now - LEEWAY_SECONDS:
        raise InvalidToken("token expired")
    if "nbf" in raw and int(raw["nbf"]) > now + LEEWAY_SECONDS:
        raise InvalidToken("token verification failed")
    if int(raw["iat"]) > now + LEEWAY_SECONDS:
        raise InvalidToken("token verification failed")


class TokenCache:
    def __init__(self, max_entries: int = MAX_ENTRIES):
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._entries: OrderedDict[bytes, CachedToken] = OrderedDict()
        self._epoch: Any = _NEVER_READ
        self._checked_at: float | None = None  # monotonic time before the last read that matched
        self._generation = 0  # raised by every emptying: a fill begun before it is not kept

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._clear()

    def _clear(self) -> None:
        self._entries.clear()
        self._generation += 1

    def _observe(self, epoch: Any, read_started: float) -> None:
        """Called with the lock held: the epoch as read from the database by a read that
        started at ``read_started``."""
        if epoch != self._epoch:
            self._clear()
            self._epoch = epoch
            self._checked_at = read_started
        elif self._checked_at is None or read_started > self._checked_at:
            self._checked_at = read_started

    def lookup(self, key: bytes, max_age: float, read_epoch: Callable[[], Any]) -> tuple[CachedToken | None, int]:
        """The entry for ``key`` if it is still good, else None; and the generation a fill
        after a miss must present to ``store``. Reads the epoch (``read_epoch``) when the
        last read is ``max_age`` seconds old or more, and only on a hit (a miss runs the
        full check, whose statement reads it anyway)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None, self._generation
            started = monotonic()
            if self._checked_at is not None and started - self._checked_at < max_age:
                self._entries.move_to_end(key)
                return entry, self._generation
        epoch = read_epoch()
        with self._lock:
            self._observe(epoch, started)
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry, self._generation

    def store(self, key: bytes, entry: CachedToken, epoch: Any, generation: int, read_started: float) -> None:
        """Keeps what a full check found, read together with ``epoch`` by a read begun at
        ``read_started``; dropped when the cache was emptied since ``generation``."""
        with self._lock:
            if generation != self._generation:
                return
            self._observe(epoch, read_started)
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


cache = TokenCache()


def clear() -> None:
    """Empties this process's cache (tests call it before each test)."""
    cache.clear()


def reset() -> None:
    """Forgets everything, the epoch read included (tests)."""
    global cache
    cache = TokenCache(cache.max_entries)


def user_from(entry: CachedToken, alias: str):
    return get_user_model().from_db(alias, list(entry.field_names), list(entry.user_values))


def copy_claims(claims: TokenClaims) -> TokenClaims:
    """The claims with a raw dict of their own (the dataclass is frozen, the dict is not)."""
    return dataclasses.replace(claims, raw=_copy_json(claims.raw))


def claims_from(entry: CachedToken) -> TokenClaims:
    return copy_claims(entry.claims)


# --- Changes made in this process: empty the cache now and when they commit ---------------

def _changed(using: str | None = None) -> None:
    cache.clear()  # now: this thread's next request (and the tests) see the change
    # and at commit: a request of another thread may have filled it from the rows as they
    # were before the commit in between
    transaction.on_commit(cache.clear, using=using)


def _user_saved(sender, instance, created, update_fields=None, using=None, **kwargs):
    if created:
        return  # a new user has no token yet
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login; no token depends on it (the triggers ignore it too)
    _changed(using)


def _deleted(sender, using=None, **kwargs):
    _changed(using)


def _group_saved(sender, created, using=None, **kwargs):
    if not created:
        _changed(using)  # a renamed group changes the roles of its members


def _membership_changed(sender, action, using=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _changed(using)


def _revocation_saved(sender, using=None, **kwargs):
    _changed(using)


# A removed revocation can only make a token good again, which a miss finds by itself, so
# there is no post_delete receiver for RevokedToken: with one, Django could no longer purge
# expired revocations in one DELETE (a receiver makes it load and signal every row).
_User = get_user_model()
post_save.connect(_user_saved, sender=_User, dispatch_uid="pms-token-cache-user-saved")
post_delete.connect(_deleted, sender=_User, dispatch_uid="pms-token-cache-user-deleted")
post_save.connect(_group_saved, sender=Group, dispatch_uid="pms-token-cache-group-saved")
post_delete.connect(_deleted, sender=Group, dispatch_uid="pms-token-cache-group-deleted")
m2m_changed.connect(_membership_changed, sender=_User.groups.through, dispatch_uid="pms-token-cache-membership")
post_save.connect(_revocation_saved, sender=RevokedToken, dispatch_uid="pms-token-cache-revocation-saved")
