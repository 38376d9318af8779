"""MISP services: the only writers of MISPs and license keys (catalog §6.2)."""

from .licenses import download_license_key, reveal_license_key, set_license_key_active, validate_license_key
from .misps import (
    create_misp,
    decide_misp,
    fetch_misp,
    fetch_misps_by_id_or_name,
    find_misps_by_name,
    list_misps,
    set_misp_active,
    update_misp,
)
from .partner_misp import validate_partner_misp

__all__ = [
    "create_misp",
    "decide_misp",
    "download_license_key",
    "fetch_misp",
    "fetch_misps_by_id_or_name",
    "find_misps_by_name",
    "list_misps",
    "reveal_license_key",
    "set_license_key_active",
    "set_misp_active",
    "update_misp",
    "validate_license_key",
    "validate_partner_misp",
]
