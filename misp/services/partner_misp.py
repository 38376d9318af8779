"""PM12 (``validatePartnerMisp``): what ID Authentication asks before serving a request
that a MISP carries for a partner (catalog §8.2). The checks run in MOSIP's order, each
with its own code; the keys are found by their digests and never written anywhere."""

from __future__ import annotations

from django.utils import timezone

from kernel.actors import Actor
from partners.selectors import partner_key_by_value
from policies.models import PolicyStatus

from ..errors import PartnerMispErrors
from ..operations import PARTNER_MISP_VALIDATE
from ..selectors import license_key_by_value


def validate_partner_misp(*, actor: Actor, partner_id: str, api_key: str, license_key: str):
    """License key exists (PMS_PMP_020) → active (025) → not expired (021) → its MISP
    active (025) → partner exists (013) → active (016) → the API key is the partner's
    (017) → active (019) → not expired (018) → its policy active (019) → the policy group
    exists (022) and is active (023). Returns the partner's key. One audit row."""
    with PARTNER_MISP_VALIDATE.run(actor=actor, ref_id=partner_id):
        now = timezone.now()
        license_row = license_key_by_value(license_key or "")
        if license_row is None:
            raise PartnerMispErrors.LICENSE_NOT_FOUND.error()
        if not license_row.is_active:
            raise PartnerMispErrors.LICENSE_BLOCKED.error()
        if license_row.valid_to <= now:
            raise PartnerMispErrors.LICENSE_EXPIRED.error()
        if not license_row.misp.is_usable:  # the MISP, and a MISP partner's partner, active
            raise PartnerMispErrors.LICENSE_BLOCKED.error()
        partner, key = partner_key_by_value(partner_id, api_key)
        if partner is None:
            raise PartnerMispErrors.PARTNER_NOT_FOUND.error()
        if not partner.is_active:
            raise PartnerMispErrors.PARTNER_INACTIVE.error()
        if key is None:
            raise PartnerMispErrors.NOT_MAPPED.error()
        if not key.is_active:
            raise PartnerMispErrors.KEY_INACTIVE.error()
        if key.valid_to <= now or key.valid_from > now:
            raise PartnerMispErrors.KEY_EXPIRED.error()
        if key.policy.status != PolicyStatus.PUBLISHED:
            raise PartnerMispErrors.KEY_INACTIVE.error()
        group = key.policy.policy_group
        if group is None:
            raise PartnerMispErrors.GROUP_NOT_FOUND.error()
        if not group.is_active:
            raise PartnerMispErrors.GROUP_INACTIVE.error()
    return partner, key
