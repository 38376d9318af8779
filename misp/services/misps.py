"""MISPs: create (M1), approve/reject (M2), update (M3), activate/deactivate (M5) and the
reads (M7-M9) (catalog §6.2)."""

from __future__ import annotations

import datetime as dt
import secrets
import string

from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from kernel.actors import Actor
from kernel.errors import KernelErrors
from kernel.pagination import Page, PageRequest, paginate
from kernel.records import change, require_text, save_unique, stamp
from kernel.text import checked_email

from ..conf import app_settings
from ..errors import MispErrors
from ..models import MISP_APPROVAL, ApprovalStatus, LicenseKey, Misp
from ..operations import MISP_APPROVAL as APPROVAL_OPERATION
from ..operations import MISP_CREATE, MISP_READ, MISP_STATUS, MISP_UPDATE

_KEY_ALPHABET = string.ascii_letters + string.digits


def _email(value: str | None) -> str:
    return checked_email(value, "emailId", MispErrors.INVALID_EMAIL, max_length=256)


def _name_taken(name: str):
    return lambda: MispErrors.NAME_EXISTS.error(name=name)


def create_misp(*, actor: Actor, name: str, contact_no: str, email: str, address: str) -> Misp:
    """M1: a MISP, pending approval and active; names are unique ignoring case (003); no
    key until approval. Audit 101/200 (417 name taken, 401 e-mail)."""
    with MISP_CREATE.run(actor=actor) as op:
        if actor.user is None:
            raise KernelErrors.FORBIDDEN.error()
        name = require_text(name, "organizationName", 128)
        misp = Misp(name=name, contact_no=require_text(contact_no, "contactNumber", 16), email=_email(email),
                    address=require_text(address, "address", 2000), owner=actor.user)
        op.note("misp.create.id_generator", ref_id="", description=f"MISP id {misp.id} generated")
        if Misp.objects.filter(name__iexact=name).exists():
            raise _name_taken(name)()
        stamp(misp, actor, created=True)
        save_unique(misp, {"uniq_misp_name_ci": _name_taken(name)})
        op.ref_id = misp.id
        op.note("misp.create.details", ref_id="")
        op.note("misp.create.success_id", description=f"MISP {misp.id} created")
    return misp


def new_license_key(misp: Misp, actor: Actor, policy=None) -> tuple[LicenseKey, str]:
    """A fresh key for ``misp``: PMS_MISP_LICENSE_KEY_LENGTH letters and digits from the
    CSPRNG, valid PMS_MISP_LICENSE_EXPIRY_DAYS, stored sealed with its digest and hint."""
    value = "".join(secrets.choice(_KEY_ALPHABET) for _ in range(app_settings.PMS_MISP_LICENSE_KEY_LENGTH))
    now = timezone.now()
    key = LicenseKey.from_value(value, misp=misp, policy=policy, valid_from=now,
                                valid_to=now + dt.timedelta(days=app_settings.PMS_MISP_LICENSE_EXPIRY_DAYS))
    stamp(key, actor, created=True)
    key.save()
    return key, value


def _locked(misp_id: str) -> Misp:
    misp = Misp.objects.select_for_update().filter(pk=misp_id).first()
    if misp is None:
        raise MispErrors.NOT_FOUND.error()
    return misp


def decide_misp(*, actor: Actor, misp_id: str, approve: bool) -> tuple[Misp, LicenseKey | None, str | None]:
    """M2: approve (a license key is generated: returned once, in clear, to the caller) or
    reject (every key of the MISP is deactivated). The current decision again is 014; a
    de-activated MISP cannot be approved (1013). Audit 104/201 (403 value, 405 inactive)."""
    with APPROVAL_OPERATION.run(actor=actor, ref_id=misp_id) as op:
        misp = _locked(misp_id)
        op.note("misp.approval.validate_id")
        target = MISP_APPROVAL.target("approve" if approve else "reject", misp.approval_status,
                                      refused=lambda: MispErrors.ALREADY_DECIDED.error(status=misp.approval_status))
        if approve and not misp.is_active:
            raise MispErrors.INACTIVE.error()
        misp.approval_status = target
        stamp(misp, actor)
        misp.save()
        op.note("misp.approval.status_updated", description=f"MISP {target}")
        key = value = None
        if approve:
            key, value = new_license_key(misp, actor)
            op.note("misp.approval.license_updated", description=f"license key {key.id} issued")
        else:
            for old in misp.license_keys.filter(is_active=True):
                change(old, actor, is_active=False)
            op.note("misp.approval.rejected_no_key")
        op.description = f"MISP {target}"
    return misp, key, value


def set_misp_active(*, actor: Actor, misp_id: str, active: bool) -> Misp:
    """M5: (de)activate a MISP; its keys follow: deactivation deactivates them all,
    re-activation revives only unexpired ones. The current state again is 010. Audit
    112/205 (407 value)."""
    with MISP_STATUS.run(actor=actor, ref_id=misp_id) as op:
        misp = _locked(misp_id)
        op.note("misp.status.state", description=f"MISP is {'active' if misp.is_active else 'de-active'}")
        if misp.is_active == active:
            raise MispErrors.ALREADY_IN_STATUS.error()
        change(misp, actor, is_active=active)
        op.note("misp.status.updated", description=f"MISP {'activated' if active else 'deactivated'}")
        now = timezone.now()
        for key in misp.license_keys.select_for_update():
            change(key, actor, is_active=active and key.valid_to > now and misp.approval_status == ApprovalStatus.APPROVED)
        op.description = f"MISP {'activated' if active else 'deactivated'}; its keys followed"
    return misp


def update_misp(*, actor: Actor, misp_id: str, name: str | None, contact_no: str | None, email: str | None,
                address: str | None) -> Misp:
    """M3: change the given details (none given: 004); a new name must be free (003).
    Audit 107/203 (402 name, 416 e-mail)."""
    with MISP_UPDATE.run(actor=actor, ref_id=misp_id) as op:
        misp = _locked(misp_id)
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in (name, contact_no, email, address)):
            raise MispErrors.NOTHING_TO_UPDATE.error()
        if name is not None and name.strip():
            name = require_text(name, "organizationName", 128)
            if Misp.objects.filter(name__iexact=name).exclude(pk=misp.pk).exists():
                raise _name_taken(name)()
            misp.name = name
        if contact_no is not None and contact_no.strip():
            misp.contact_no = require_text(contact_no, "contactNumber", 16)
        if email is not None and email.strip():
            misp.email = _email(email)
        if address is not None and address.strip():
            misp.address = require_text(address, "address", 2000)
        stamp(misp, actor)
        save_unique(misp, {"uniq_misp_name_ci": _name_taken(misp.name)})
        op.note("misp.update.returned", ref_id="")
        op.description = "MISP details updated"
    return misp


def fetch_misp(*, actor: Actor, misp_id: str) -> Misp:
    """M8. Audit 206/410."""
    with MISP_READ.run(actor=actor, ref_id=misp_id):
        misp = Misp.objects.prefetch_related("license_keys").filter(pk=misp_id).first()
        if misp is None:
            raise MispErrors.NOT_FOUND.error()
    return misp


def fetch_misps_by_id_or_name(*, actor: Actor, value: str) -> tuple[bool, list[Misp]]:
    """``GET /misps/{x}`` ([D]): the MISP with id ``x``, else those whose name starts with
    ``x`` (none: 011). Answers whether it was found by id. One audited read (206/410)."""
    with MISP_READ.run(actor=actor, ref_id=value) as op:
        rows = Misp.objects.prefetch_related("license_keys")
        by_id = rows.filter(pk=value).first()
        if by_id is not None:
            return True, [by_id]
        found = list(rows.filter(name__istartswith=value).order_by("name", "id"))
        if not found:
            raise MispErrors.NONE_FOUND.error()
        op.description = f"{len(found)} MISP(s) found by name"
    return False, found


def list_misps(*, actor: Actor, page: PageRequest) -> Page:
    """M7: a page of all MISPs by name, any case (unique, so pages never overlap; the id
    settles the rest), totals in its metadata. Audit 206/410."""
    with MISP_READ.run(actor=actor) as op:
        result = paginate(Misp.objects.order_by(Lower("name"), "id"), page)
        op.description = f"MISPs listed: {result.metadata['totalItems']}"
    return result


def find_misps_by_name(*, actor: Actor, name_prefix: str) -> QuerySet[Misp]:
    """M9: the MISPs whose names start with the text, any case (none: 011). Audit 206/410."""
    with MISP_READ.run(actor=actor) as op:
        rows = Misp.objects.prefetch_related("license_keys").order_by("name", "id").filter(name__istartswith=name_prefix)
        if not rows.exists():
            raise MispErrors.NONE_FOUND.error()
        op.description = "MISPs listed"
    return rows
