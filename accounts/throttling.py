"""Login lock-out: one for every way in (the API's logins, the admin's login page and any
Django login that goes through ``accounts.backends``), counted in the shared cache.

- **Per account.** ``PMS_LOGIN_MAX_FAILURES`` failures for one name within
  ``PMS_LOGIN_LOCKOUT_SECONDS`` lock that name: later attempts are refused without the
  password being checked. User names and machine-client ids are counted apart, so failed
  password logins under a client's id never lock the machine client.
- **Per address.** Four times that many failures from one address make the address
  *noisy*. A noisy address is slowed, never locked: an attempt for an account with no
  recent failure of its own is checked as usual (a correct password always gets in, even
  behind a proxy that every client shares), but an account that failed from anywhere in
  the last ``PMS_LOGIN_SLOWDOWN_SECONDS`` gets no second guess from a noisy address until
  that pause is over. Password spraying from one address so gets one guess per account
  per pause, and nobody can lock out an account they do not guess at.

django-axes was considered: it locks (does not slow) by address or by address+name, and
its lock is checked before the password, which is exactly how made-up names from a
shared address locked everyone out; this module is the rule above and nothing more.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from .conf import app_settings
from .errors import AccountErrors

IP_FACTOR = 4
USER, CLIENT = "user", "client"


def _account_key(kind: str, identity: str) -> str:
    digest = hashlib.sha256(identity.strip().lower().encode()).hexdigest()
    return f"pms:login:{kind}:{digest}"


def _address_key(ip: str) -> str:
    return f"pms:login:ip:{ip or '-'}"


def check_allowed(kind: str, identity: str, ip: str) -> None:
    """Raises KER-ATH-401 (HTTP 429) when this attempt may not check a password now."""
    account = _account_key(kind, identity)
    limit = app_settings.PMS_LOGIN_MAX_FAILURES
    counts = cache.get_many([account, account + ":recent", _address_key(ip)])
    if counts.get(account, 0) >= limit:
        raise AccountErrors.LOCKED_OUT.error(seconds=app_settings.PMS_LOGIN_LOCKOUT_SECONDS)
    if counts.get(_address_key(ip), 0) >= limit * IP_FACTOR and counts.get(account + ":recent"):
        raise AccountErrors.LOCKED_OUT.error(seconds=app_settings.PMS_LOGIN_SLOWDOWN_SECONDS)


def _increment(key: str, timeout: int) -> None:
    if not cache.add(key, 1, timeout):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout)


def record_failure(kind: str, identity: str, ip: str) -> None:
    window = app_settings.PMS_LOGIN_LOCKOUT_SECONDS
    account = _account_key(kind, identity)
    _increment(account, window)
    _increment(_address_key(ip), window)
    cache.set(account + ":recent", 1, app_settings.PMS_LOGIN_SLOWDOWN_SECONDS)


def clear_failures(kind: str, identity: str) -> None:
    account = _account_key(kind, identity)
    cache.delete_many([account, account + ":recent"])
