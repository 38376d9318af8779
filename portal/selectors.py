"""Reads the portal's pages make of its own rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from kernel.roles import Role

from .models import PendingRegistration, RegistrationStatus


def pending_registration(registration_id: str | None) -> PendingRegistration | None:
    """The registration the verify page is about (its id comes from the visitor's session)."""
    if not registration_id:
        return None
    return PendingRegistration.objects.filter(pk=str(registration_id)[:32]).first()


@dataclass(frozen=True)
class WorkItem:
    """One line of a back-office user's landing page: what waits for them, and where."""

    role: str
    label: str
    count: int | None
    url: str


def back_office_work(actor) -> list[WorkItem]:
    """What each back-office role lands on in the admin, counted inside what it may see:
    a policy manager's drafts (its groups), a partner manager's open key requests and
    deactivated partners (its groups), a MISP admin's MISPs awaiting approval, an
    auditor's trail, a partner admin's locked registrations. PARTNER_ADMIN sees every line."""
    from django.urls import reverse

    from devices.selectors12 import pending_devices, pending_sbis
    from devices.services.ftm12 import pending_chips
    from misp.models import ApprovalStatus
    from misp.selectors import misps_visible_to
    from partners.models import RequestStatus
    from partners.selectors import partners_managed_by, requests_managed_by
    from policies.models import PolicyStatus
    from policies.selectors import groups_of_manager, policies_visible_to

    items: list[WorkItem] = []
    if actor.has_role(Role.POLICYMANAGER):
        items.append(WorkItem("POLICYMANAGER", _("Draft policies to publish"),
                              policies_visible_to(actor).filter(status=PolicyStatus.DRAFT).count(),
                              reverse("admin:policies_policy_changelist") + "?status__exact=draft"))
        items.append(WorkItem("POLICYMANAGER", _("Your policy groups"), groups_of_manager(actor).count(),
                              reverse("admin:policies_policygroup_changelist")))
    if actor.has_role(Role.PARTNERMANAGER):
        items.append(WorkItem("PARTNERMANAGER", _("API key requests waiting for a decision"),
                              requests_managed_by(actor).filter(status=RequestStatus.IN_PROGRESS).count(),
                              reverse("admin:partners_apikeyrequest_changelist") + "?status__exact=in-progress"))
        items.append(WorkItem("PARTNERMANAGER", _("Deactivated partners"),
                              partners_managed_by(actor).filter(is_active=False).count(),
                              reverse("admin:partners_partner_changelist") + "?is_active__exact=0"))
    if actor.has_role(Role.MISP_ADMIN):
        items.append(WorkItem("MISP_ADMIN", _("MISPs waiting for approval"),
                              misps_visible_to(actor).filter(approval_status=ApprovalStatus.PENDING).count(),
                              reverse("admin:misp_misp_changelist") + "?approval_status__exact=pending"))
    if actor.has_role(Role.AUDITOR):
        items.append(WorkItem("AUDITOR", _("Audit trail"), None, reverse("admin:audit_auditevent_changelist")))
    if actor.is_partner_admin:
        items.append(WorkItem("PARTNER_ADMIN", _("SBIs waiting for approval"), pending_sbis(actor).count(),
                              reverse("admin:devices_securebiometricinterface_changelist")
                              + "?approval_status__exact=pending_approval"))
        items.append(WorkItem("PARTNER_ADMIN", _("Devices waiting for approval"), pending_devices(actor).count(),
                              reverse("admin:devices_devicedetail_changelist") + "?approval_status__exact=pending_approval"))
        items.append(WorkItem("PARTNER_ADMIN", _("FTM chips waiting for approval"),
                              pending_chips().count(),
                              reverse("admin:devices_ftmchipdetail_changelist") + "?approval_status__exact=pending_approval"))
        items.append(WorkItem("PARTNER_ADMIN", _("Self-registrations locked after wrong codes"),
                              PendingRegistration.objects.filter(status=RegistrationStatus.LOCKED).count(),
                              reverse("admin:portal_pendingregistration_changelist") + "?status__exact=locked"))
    return items


def api_keys_of_partner(partner):
    """A partner's API keys by label (MOSIP 1.2's several keys per policy, and the one each
    1.0 approval made, labelled with its request's id), never their values: the partner
    page shows label, policy, status and dates. The page has already read the partner
    through the partner service, which scopes it to the caller."""
    from partners.models import PartnerApiKey

    return (PartnerApiKey.objects.filter(partner=partner).select_related("policy").defer("sealed_key")
            .order_by("policy__name", "-valid_from", "id")[:200])


def api_key_of_partner(partner, key_id: str):
    """One of the partner's keys by id (another partner's or an unknown id: None)."""
    from partners.models import PartnerApiKey

    return PartnerApiKey.objects.filter(partner=partner, pk=key_id).select_related("policy").defer("sealed_key").first()


def ftm_chips_of_partner(actor, partner):
    """An FTM provider partner's chips, newest first (none for another type of partner).
    The page has read the partner through the partner service (the caller's own); the chips
    come through the chip service's scope too."""
    from devices.services.ftm12 import chips_in_scope

    if partner.partner_type_id != "FTM_Provider":
        return []
    return chips_in_scope(actor).filter(provider=partner).order_by("-created_at", "id")[:200]


def sbi_summary_of_partner(actor, partner) -> dict:
    """A device provider partner's SBIs and devices in figures, for its partner page (the
    SBI pages, portal.views_sbi, list them). Through the device service's scope."""
    from devices.models import Approval12
    from devices.selectors12 import devices_in_scope, sbis_in_scope

    if partner.partner_type_id != "Device_Provider":
        return {}
    sbis = sbis_in_scope(actor).filter(provider=partner)
    devices = devices_in_scope(actor).filter(provider=partner)
    return {"sbis": sbis.count(), "sbis_waiting": sbis.filter(approval_status=Approval12.PENDING).count(),
            "devices": devices.count(), "devices_waiting": devices.filter(approval_status=Approval12.PENDING).count()}
