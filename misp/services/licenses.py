"""License keys: validate (M4), activate/deactivate (M6), download with renewal (M10)."""

from __future__ import annotations

import re

from django.utils import timezone

from kernel.actors import Actor
from kernel.records import change, require_text

from ..errors import MispErrors
from ..models import ApprovalStatus, LicenseKey, Misp
from ..operations import LICENSE_DOWNLOAD, LICENSE_REVEAL, LICENSE_UPDATE, LICENSE_VALIDATE
from ..selectors import license_key_by_value, misp_by_id_or_partner
from .misps import new_license_key

_KEY_PATTERN = re.compile(r"[A-Za-z0-9-]{1,128}")


def _key_of(misp_id: str, value: str) -> LicenseKey:
    """Pattern (008), exists (006), belongs to the MISP in the path (007): the MISP record
    with that id, or the MISP partner's record (misp.selectors.misp_by_id_or_partner)."""
    value = require_text(value, "mispLicenseKey", 128)
    if not _KEY_PATTERN.fullmatch(value):
        raise MispErrors.KEY_NOT_VALID.error()
    key = license_key_by_value(value)
    if key is None:
        raise MispErrors.KEY_NOT_FOUND.error()
    # A MISP partner's key (MOSIP 1.2, misp.services.licenses12) is named by its MISP
    # record's id or by the partner's id, the MISP's id in 1.2 (SPEC §10.1); a record id
    # wins when it is both.
    if key.misp_id != misp_id and (key.misp.partner_id != misp_id or Misp.objects.filter(pk=misp_id).exists()):
        raise MispErrors.KEY_OF_ANOTHER_MISP.error()
    return key


def validate_license_key(*, actor: Actor, misp_id: str, value: str) -> LicenseKey:
    """M4, in order: pattern (008), the key exists (006), belongs to the MISP (007), is
    active and its MISP active (008), is not expired (008). A failure is an error, never
    a success with flags (SPEC §9.15). Audit 109, 110 (fetched), 111 (its state), then 204
    or 406, in one INSERT; never the key."""
    with LICENSE_VALIDATE.run(actor=actor, ref_id=misp_id) as op:
        key = _key_of(misp_id, value)
        op.note("misp.license.validate.fetched", description=f"license key {key.id} fetched")
        state, problem = "valid", None
        if not key.is_active or not key.misp.is_usable:  # a MISP partner's too (Misp.is_usable)
            state, problem = "inactive", MispErrors.KEY_INACTIVE
        elif key.valid_to <= timezone.now():
            state, problem = "expired", MispErrors.KEY_EXPIRED
        op.note("misp.license.validate.state", description=f"license key {key.id} is {state}")
        if problem is not None:
            raise problem.error()
    return key


def set_license_key_active(*, actor: Actor, misp_id: str, active: bool, value: str | None = None,
                           key_id: str | None = None) -> LicenseKey:
    """M6: (de)activate one key of the MISP, named by its value (the API) or its id (the
    admin, which never handles values); an expired key cannot be activated (017), nor a
    key of an inactive MISP or MISP partner (1013). ``misp_id`` is the record's id or the
    MISP partner's. Audit 114/207 (418)."""
    with LICENSE_UPDATE.run(actor=actor, ref_id=misp_id) as op:
        misp = misp_by_id_or_partner(misp_id)
        if misp is None:
            raise MispErrors.NOT_FOUND.error()
        if key_id is not None:
            key = LicenseKey.objects.select_for_update().filter(pk=key_id, misp=misp).first()
            if key is None:
                raise MispErrors.KEY_NOT_FOUND.error()
        else:
            key = _key_of(misp_id, value)
            key = LicenseKey.objects.select_for_update().get(pk=key.pk)
        if active:
            if not misp.is_usable:
                raise MispErrors.INACTIVE.error()
            if key.valid_to <= timezone.now():
                raise MispErrors.KEY_EXPIRED_CANNOT_ACTIVATE.error()
        change(key, actor, is_active=active)
        op.description = f"license key {key.id} {'activated' if active else 'deactivated'}"
    return key


def download_license_key(*, actor: Actor, misp_id: str) -> tuple[LicenseKey, str]:
    """M10: the MISP's current key in clear; an expired one is replaced by a new key and
    every older key deactivated. The MISP (its record's id or the MISP partner's) must be
    approved (018) and active, a MISP partner's partner too (1013), and have an active key
    (019). Audit 115/208/412; never the key."""
    with LICENSE_DOWNLOAD.run(actor=actor, ref_id=misp_id) as op:
        misp = misp_by_id_or_partner(misp_id, lock=True)
        if misp is None:
            raise MispErrors.NOT_FOUND.error()
        if misp.approval_status != ApprovalStatus.APPROVED:
            raise MispErrors.NOT_APPROVED.error()
        if not misp.is_usable:
            raise MispErrors.INACTIVE.error()
        keys = list(misp.license_keys.select_for_update().order_by("-valid_from", "-id"))
        if not keys:
            raise MispErrors.KEY_NOT_FOUND.error()
        current = next((k for k in keys if k.is_active), None)
        if current is None:
            raise MispErrors.ALL_KEYS_INACTIVE.error()
        if current.valid_to > timezone.now():
            op.description = f"license key {current.id} downloaded"
            return current, current.reveal()
        for old in keys:
            change(old, actor, is_active=False)
        key, value = new_license_key(misp, actor)
        op.description = f"expired license key {current.id} renewed as {key.id}"
    return key, value


def reveal_license_key(*, actor: Actor, key_id: str) -> tuple[LicenseKey, str]:
    """An admin asks to see one key in clear (the admin shows only masked values). Every
    reveal is audited (210, or 414 when refused); the row names the key, never its value."""
    with LICENSE_REVEAL.run(actor=actor, ref_id=key_id) as op:
        key = LicenseKey.objects.select_related("misp").filter(pk=key_id).first()
        if key is None:
            raise MispErrors.KEY_NOT_FOUND.error()
        op.description = f"license key {key.id} of MISP {key.misp_id} revealed"
    return key, key.reveal()
