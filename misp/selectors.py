"""Reads of MISPs and their keys."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts import lookup_cache
from kernel.compiled import CompiledSelect
from kernel.roles import Role
from kernel.secrets import secret_box
from partners.models import Partner

from .models import LicenseKey, Misp

# A license key by its digest with its MISP: every license validation (M4) and PM12 asks
# it, so its SQL is written once (kernel.compiled); key_digest is unique.
# Its MISP's partner comes with it (a MISP partner's keys are usable only while the partner
# is active, Misp.is_usable).
_KEY_BY_DIGEST = CompiledSelect(LicenseKey, ("misp", "misp__partner"), lambda col: f"{col('key_digest')} = %s")

# Its row is kept per process (accounts.lookup_cache), revalidated by these tables' triggers
# (accounts 0005).
lookup_cache.watch(LicenseKey, Misp, Partner)


def license_key_by_value(value: str) -> LicenseKey | None:
    """The license key with that value (found by its keyed digest), its MISP with it; the
    callers check its activity and validity (against the clock now) themselves."""
    return lookup_cache.cached_first(_KEY_BY_DIGEST, "misp.license_key_by_digest", [secret_box().digest(value)])


def misp_by_id_or_partner(misp_id: str, *, lock: bool = False) -> Misp | None:
    """The MISP a 1.0 route's ``{mispId}`` names: a MISP record by its id, else the record of
    the MISP partner with that id (MOSIP 1.2 names a MISP by its partner id). A record id
    wins when both match."""
    if not misp_id:
        return None
    rows = Misp.objects.select_related("partner")
    if lock:
        rows = rows.select_for_update(of=("self",))
    return rows.filter(pk=misp_id).first() or rows.filter(partner_id=misp_id).first()


def licenses_of_partner(partner) -> QuerySet[LicenseKey]:
    """A MISP partner's licenses (MOSIP 1.2, on its MISP record), newest first, with their
    policy: for the portal's partner page, which found the partner through its scoped read."""
    return (LicenseKey.objects.select_related("policy", "misp").filter(misp__partner=partner)
            .order_by("-valid_from", "-id"))


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

