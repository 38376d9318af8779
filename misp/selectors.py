"""Reads of MISPs and their keys."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts import lookup_cache
from kernel.compiled import CompiledSelect
from kernel.roles import Role
from kernel.secrets import secret_box

from .models import LicenseKey, Misp

# A license key by its digest with its MISP: every license validation (M4) and PM12 asks
# it, so its SQL is written once (kernel.compiled); key_digest is unique.
_KEY_BY_DIGEST = CompiledSelect(LicenseKey, ("misp",), lambda col: f"{col('key_digest')} = %s")

# Its row is kept per process (accounts.lookup_cache), revalidated by these tables' triggers
# (accounts 0005).
lookup_cache.watch(LicenseKey, Misp)


def license_key_by_value(value: str) -> LicenseKey | None:
    """The license key with that value (found by its keyed digest), its MISP with it; the
    callers check its activity and validity (against the clock now) themselves."""
    return lookup_cache.cached_first(_KEY_BY_DIGEST, "misp.license_key_by_digest", [secret_box().digest(value)])


def current_license_key(misp: Misp) -> LicenseKey | None:
    """The newest active key (uses the prefetched keys when there are some)."""
    keys = [key for key in misp.license_keys.all() if key.is_active]
    return max(keys, key=lambda key: key.valid_from) if keys else None


def misps_visible_to(actor) -> QuerySet[Misp]:
    """What the admin lists: every MISP for MISP admins (and partner admins), nothing else."""
    return Misp.objects.all() if actor.has_role(Role.MISP_ADMIN) else Misp.objects.none()


def license_keys_visible_to(actor) -> QuerySet[LicenseKey]:
    keys = LicenseKey.objects.select_related("misp")
    return keys if actor.has_role(Role.MISP_ADMIN) else keys.none()

