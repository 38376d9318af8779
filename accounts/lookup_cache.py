"""A per-process cache of the machine clients' lookups, revalidated by the authentication
epoch (docs/architecture.md, "The lookup cache").

ID Authentication and the other machine clients ask the same few questions on every
authentication they serve: the policy a partner API key opens (P6), a partner's key with
its policy and group and a MISP's license key (PM12), a license key (M4), a device with
its provider and sub-type and the MDS releases of a version (D8); device registration (D5)
asks three of the registry on every device (type and sub-type, provider, MDS release). Their answers rest on a
handful of rows that change rarely, so each process keeps the rows it read here, keyed by
the SHA-256 of the question (a lookup's name and its parameters: for a key, the keyed
digest it is stored under, never the key itself), at most ``MAX_ENTRIES`` of them (least
recently used dropped first). Only the lookup is saved: the operation that asks it still
runs, checks what it checks (activity, validity against the clock now, scope) and writes
its audit row on every request.

What is kept are the rows as the database sent them (tuples of immutable values); every
hit builds new model instances from them, so no request sees another's objects. Only rows
that were found are kept (an unknown key or device is asked of the database every time),
except the MDS releases of a version, whose empty answer is kept too (their table raises
the epoch on inserts for that reason).

It is revalidated exactly as the token cache is (``accounts.token_cache``, whose class and
clock it shares): database triggers raise the one-row ``AuthEpoch`` whenever a row a kept
answer may rest on is changed or deleted (accounts 0005 and 0006: partner API keys,
partners, policies, policy groups, license keys, MISPs, registered devices, device
providers, device types and sub-types, MDS releases), the cache is emptied whenever it reads another epoch than the
one it was filled under, and it reads it at most every ``PMS_AUTH_CACHE_SECONDS``. So a
key, license, partner or policy deactivated by another process (or by raw SQL) stops being
answered within that delay; one deactivated through the ORM in this process stops at once
(signal receivers below empty the cache now and again when the change commits). While this
process's own transaction holds such a change, nothing is kept: what that transaction reads
may yet be rolled back. ``PMS_AUTH_CACHE_SECONDS=0`` switches the cache off: every lookup
goes to the database, as without it.
"""

from __future__ import annotations

import hashlib
from typing import Any, Callable, Iterable

from django.db import connections, transaction
from django.db.models.signals import post_delete, post_save

from . import token_cache
from .token_cache import _NEVER_READ, TokenCache

MAX_ENTRIES = 4096


def cache_seconds() -> float:
    return token_cache.cache_seconds()


def question_key(name: str, params: Iterable[object]) -> bytes:
    """The cache key of a lookup: SHA-256 of its name and parameters (callers pass keys'
    digests, never their values)."""
    text = "\x1f".join([name, *(repr(p) for p in params)])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class LookupCache(TokenCache):
    """``TokenCache``'s revalidation (epoch, generation, LRU), for answers that are loaded
    from the database on a miss, after the epoch they will be kept under was read."""

    def _borrow(self, other: TokenCache) -> None:
        """Takes ``other``'s epoch reading when it is newer than this cache's: the request's
        authentication has usually just read the epoch, so the lookup needs no read of its
        own."""
        with other._lock:
            epoch, checked_at = other._epoch, other._checked_at
        if epoch is _NEVER_READ or checked_at is None:
            return
        with self._lock:
            if self._checked_at is None or checked_at > self._checked_at:
                self._observe(epoch, checked_at)

    def fetch(self, key: bytes, max_age: float, read_epoch: Callable[[], Any], load: Callable[[], Any],
              using: str = "default") -> Any:
        """The kept answer for ``key`` if it is still good, else ``load()``'s (kept unless
        it is None, the cache was emptied meanwhile, or this process's open transaction
        holds a change the answer may rest on)."""
        self._borrow(token_cache.cache)
        entry, generation = self.lookup(key, max_age, read_epoch)
        if entry is not None:
            return entry
        with self._lock:
            fresh = (self._epoch is not _NEVER_READ and self._checked_at is not None
                     and token_cache.monotonic() - self._checked_at < max_age)
        if not fresh:
            # The epoch a kept answer is checked against must be read before the rows:
            # any change committed after this read moves it.
            started = token_cache.monotonic()
            epoch = read_epoch()
            with self._lock:
                self._observe(epoch, started)
                generation = self._generation
        value = load()
        if value is None or _holds_change(using):
            return value
        with self._lock:
            if generation == self._generation:
                self._entries[key] = value
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
        return value


cache = LookupCache(MAX_ENTRIES)


def _read_epoch():
    from .authentication import _read_epoch as read

    return read()


def fetch(name: str, params: Iterable[object], load: Callable[[], Any]) -> Any:
    """``load()`` (rows of immutable values, or None when nothing was found), answered from
    this process's cache when the same question was asked since the epoch last moved."""
    max_age = cache_seconds()
    if max_age <= 0:
        return load()
    return cache.fetch(question_key(name, params), max_age, _read_epoch, load)


def clear() -> None:
    cache.clear()


def reset() -> None:
    """Forgets everything, the epoch read included (tests)."""
    global cache
    cache = LookupCache(cache.max_entries)


# --- Changes made in this process: empty the cache now and when they commit ---------------

def _clear_at_commit() -> None:
    cache.clear()


def _holds_change(using: str) -> bool:
    """Whether this thread's open transaction on ``using`` changed a row a kept answer may
    rest on (its commit callback is pending): what it reads may yet be rolled back.

    Under a test case's transaction (which never commits, so its callbacks never run) only
    the blocks the code under test opened count, as the transaction would in production:
    a change the test made before them was, in production, committed already."""
    connection = connections[using]
    if not connection.in_atomic_block:
        return False
    blocks = connection.atomic_blocks
    first = next((i for i, block in enumerate(blocks) if not getattr(block, "_from_testcase", False)), None)
    if first is None:
        return False
    pending = [sids for sids, func, _robust in connection.run_on_commit if func is _clear_at_commit]
    if first == 0:
        return bool(pending)
    open_sids = set(connection.savepoint_ids[first - 1:])  # the blocks from ``first`` on
    return any(sids & open_sids for sids in pending)


def _changed(sender, using=None, created=False, **kwargs) -> None:
    if created and sender not in _WATCHED_INSERTS:
        return  # a new key, license or device: no kept answer is about a row that did not exist
    cache.clear()  # now: this thread's next lookup reads the change
    # and at commit: another thread may have kept the rows as they were before it
    transaction.on_commit(_clear_at_commit, using=using)


_WATCHED_INSERTS: set = set()


def watch(*models, inserts: tuple = ()) -> None:
    """Empties the cache when a row of one of ``models`` is changed or deleted through the
    ORM in this process, and when a row of one of ``inserts`` (a table whose empty answers
    are kept) is added; the triggers of accounts 0005 cover every other writer. Called by
    the modules that ask the cached lookups, when they are imported."""
    _WATCHED_INSERTS.update(inserts)
    for model in (*models, *inserts):
        label = model._meta.label_lower
        post_save.connect(_changed, sender=model, dispatch_uid=f"pms-lookup-cache-saved-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"pms-lookup-cache-deleted-{label}")


def cached_first(select, name: str, params: list) -> Any:
    """``select.first(params)`` (a ``kernel.compiled.CompiledSelect``) with its row kept
    here under ``name`` and ``params``: new instances on every call."""
    row = fetch(name, params, lambda: select.row(params))
    return None if row is None else select.build(row)
