"""Login lock-out: after PMS_LOGIN_MAX_FAILURES failed logins for one user name (or four
times that from one address) within PMS_LOGIN_LOCKOUT_SECONDS, further attempts are
refused without checking the password. Counters live in the shared cache."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

from .errors import AccountErrors

IP_FACTOR = 4


def _keys(username: str, ip: str) -> tuple[str, str]:
    user_key = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    return f"pms:login:user:{user_key}", f"pms:login:ip:{ip or '-'}"


def check_not_locked(username: str, ip: str) -> None:
    user_key, ip_key = _keys(username, ip)
    limit = settings.PMS_LOGIN_MAX_FAILURES
    counts = cache.get_many([user_key, ip_key])
    if counts.get(user_key, 0) >= limit or counts.get(ip_key, 0) >= limit * IP_FACTOR:
        raise AccountErrors.LOCKED_OUT.error(seconds=settings.PMS_LOGIN_LOCKOUT_SECONDS)


def record_failure(username: str, ip: str) -> None:
    timeout = settings.PMS_LOGIN_LOCKOUT_SECONDS
    for key in _keys(username, ip):
        if not cache.add(key, 1, timeout):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout)


def clear_failures(username: str) -> None:
    cache.delete(_keys(username, "")[0])
