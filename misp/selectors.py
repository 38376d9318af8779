"""Reads of MISPs and their keys."""

from __future__ import annotations

from kernel.secrets import secret_box

from .models import LicenseKey, Misp


def current_license_key(misp: Misp) -> LicenseKey | None:
    """The newest active key (uses the prefetched keys when there are some)."""
    keys = [key for key in misp.license_keys.all() if key.is_active]
    return max(keys, key=lambda key: key.valid_from) if keys else None


def license_key_value(key: LicenseKey) -> str:
    """The key in clear, for the answers SPEC §9.14 allows (M2, M8/M9, M10) only."""
    return secret_box().open(key.sealed_key)
