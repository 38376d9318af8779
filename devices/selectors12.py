"""Scope of MOSIP 1.2's SBIs and device details (SPEC §10.2): a caller acts on the records
of the partners it owns; PARTNER_ADMIN on all. MOSIP 1.2 checks ownership on a few routes
only (R73, R75, R76, R86); here every route does, and another partner's record answers
exactly like an unknown one."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.db.models.fields import BooleanField, CharField
from django.utils import timezone

from kernel.actors import Actor
from partners.models import Partner
from partners.selectors import partners_owned_by

from .errors import Devices12Errors
from .models import Approval12, DeviceDetail, DeviceDetailSbi, SecureBiometricInterface


def own_partners(actor: Actor) -> QuerySet[Partner]:
    """The caller's partners (PARTNER_ADMIN: every partner)."""
    return partners_owned_by(actor)


def check_caller_has_partner(actor: Actor) -> None:
    """The revamp routes' first check: a caller that owns no partner is
    PMS_CERTIFICATE_ERROR_002 (PARTNER_ADMIN acts for every partner and passes)."""
    if not actor.is_partner_admin and not own_partners(actor).exists():
        raise Devices12Errors.NO_PARTNER.error()


def check_partner_active(actor: Actor, partner: Partner) -> None:
    """A partner a partner admin deactivated changes nothing through a provider's routes
    (PMS_PMP_016); the partner admin still acts on its records."""
    if not actor.is_partner_admin and not partner.is_active:
        raise Devices12Errors.PARTNER_NOT_ACTIVE.error()


def _scoped(rows: QuerySet, actor: Actor) -> QuerySet:
    if actor.is_partner_admin:
        return rows
    if actor.user is None:
        return rows.none()
    return rows.filter(provider__owner=actor.user)


def sbis_in_scope(actor: Actor) -> QuerySet[SecureBiometricInterface]:
    return _scoped(SecureBiometricInterface.objects.select_related("provider"), actor)


def devices_in_scope(actor: Actor) -> QuerySet[DeviceDetail]:
    return _scoped(DeviceDetail.objects.select_related("provider", "device_sub_type"), actor)


def mappings_in_scope(actor: Actor) -> QuerySet[DeviceDetailSbi]:
    return _scoped(DeviceDetailSbi.objects.select_related("device", "device__device_sub_type", "sbi", "provider"),
                   actor)


def pending_sbis(actor: Actor) -> QuerySet[SecureBiometricInterface]:
    """The SBIs in scope waiting for a partner admin's decision (R72)."""
    return sbis_in_scope(actor).filter(approval_status=Approval12.PENDING)


def pending_devices(actor: Actor) -> QuerySet[DeviceDetail]:
    """The devices in scope waiting for a partner admin's decision (R84, R85)."""
    return devices_in_scope(actor).filter(approval_status=Approval12.PENDING)


def status_expression() -> Case:
    """The derived ``status`` of MOSIP 1.2's lists, in SQL (``models.derived_status``)."""
    return Case(When(approval_status=Approval12.APPROVED, is_active=False, then=Value("deactivated")),
                default=F("approval_status"), output_field=CharField())


def sbi_summaries(actor: Actor) -> QuerySet[SecureBiometricInterface]:
    """R74's rows: the SBIs in scope with their derived status, expiry status and device
    counts."""
    today = timezone.now().astimezone(dt.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    return sbis_in_scope(actor).annotate(
        status_text=status_expression(),
        expiry_status=Case(When(sw_expires_at__lt=today, then=Value("expired")), default=Value("valid"),
                           output_field=CharField()),
        devices_count=Count("device_mappings", distinct=True),
        approved_count=Count("device_mappings", distinct=True,
                             filter=Q(device_mappings__device__approval_status=Approval12.APPROVED,
                                      device_mappings__device__is_active=True)),
        pending_count=Count("device_mappings", distinct=True,
                            filter=Q(device_mappings__device__approval_status=Approval12.PENDING)),
    )


def device_summaries(actor: Actor) -> QuerySet[DeviceDetail]:
    """R87's rows: a device once per SBI it is mapped to, once with no SBI when unmapped."""
    return devices_in_scope(actor).annotate(
        status_text=status_expression(), sbi_key=F("sbi_mappings__sbi__id"),
        sbi_version=F("sbi_mappings__sbi__sw_version"))


def not_deleted() -> Value:
    """MOSIP's ``isDeleted`` column: nothing is soft-deleted here."""
    return Value(False, output_field=BooleanField())
