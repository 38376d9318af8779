"""MOSIP 1.2's partner activation and deactivation (R40, 1.2 catalog §8, §16.1) and how it
pairs with the 1.0 route (PM2, ``partners.services.registration.set_partner_active``).

SPEC §10.4: a deactivation through R40 is **terminal** for both generations: R40 refuses
any status for an approved, inactive partner (PMS_PM_063), and the 1.0 route refuses to
re-activate a partner R40 deactivated with its own refusal, PMS_PMP_006. A partner a 1.0
route deactivated can be re-activated through a 1.0 route only; R40 treats it as MOSIP
1.2 does (approved and inactive: PMS_PM_063). ``Partner.deactivated_through`` records
which route did it.

Every change publishes ``PARTNER_UPDATED`` (``partnerData``) through the outbox in the
change's transaction. MOSIP also deactivates a MISP_Partner's MISP licenses: R40's
deactivation sends ``partners.signals.partner_deactivated_12`` in its transaction, and the
MISP app deactivates the keys of the MISP record linked to the partner there (publishing
``MISP_LICENSE_UPDATED`` for each); the 1.0 route (PM2) does not cascade. MOSIP's ``PARTNER_UPDATED`` e-mail goes to the partner once a change commits
(``partners.services.mails``), from both routes.
"""

from __future__ import annotations

from events.conf import app_settings as events_settings
from events.services import record_event
from kernel.actors import Actor
from kernel.records import stamp

from ..errors import ManagerErrors, Partners12Errors
from ..events import PARTNER_UPDATED, partner_data
from ..models import ApprovalStatus, DeactivatedThrough, Partner
from ..operations import PARTNER_STATUS_12
from ..selectors import certificates_of_partner, partners_managed_by
from ..signals import partner_deactivated_12
from .mails import mail_partner_status

PUBLISHER = "partners.services.activation"


def publish_partner_updated(partner: Partner) -> None:
    """``PARTNER_UPDATED`` with the partner's data, inside the caller's transaction (no
    query at all when no hub is configured)."""
    if not events_settings.PMS_WEBSUB_HUB_URL:
        return
    record_event(PARTNER_UPDATED, {"partnerData": partner_data(partner)}, publisher=PUBLISHER)


def parse_status_12(value: str) -> bool:
    """R40's ``status``, any case: ``Active`` or ``De-Active`` (else PMS_PM_058)."""
    text = (value or "").strip().lower()
    if text == "active":
        return True
    if text == "de-active":
        return False
    raise Partners12Errors.STATUS_VALUE.error()


def set_partner_status_12(*, actor: Actor, partner_id: str, status: str) -> str:
    """R40: a partner manager (partners of its policy groups; PARTNER_ADMIN: any) activates
    or deactivates a partner. Unknown or outside the manager's groups: PMS_PMP_005; approved
    and inactive, or deactivated by R40 before: PMS_PM_063 (terminal); ``Active`` needs an uploaded certificate
    (PMS_PRT_108); other statuses PMS_PM_058. The current state again changes nothing and
    publishes nothing. Answers MOSIP's message. Audit 103/203/403."""
    with PARTNER_STATUS_12.run(actor=actor, ref_id=partner_id) as op:
        partner = (partners_managed_by(actor).select_for_update(of=("self",)).filter(pk=partner_id).first())
        if partner is None:
            raise ManagerErrors.PARTNER_NOT_FOUND.error(partner_id=partner_id)
        if not partner.is_active and (partner.approval_status == ApprovalStatus.APPROVED
                                      or partner.deactivated_through == DeactivatedThrough.V1_2):
            raise Partners12Errors.ALREADY_DEACTIVATED.error()
        active = parse_status_12(status)
        if active:
            if not certificates_of_partner(partner).exists():
                raise Partners12Errors.NO_CERTIFICATE.error()
            message = "Partner activated successfully"
        else:
            message = "Partner de-activated successfully"
        if partner.is_active != active:
            partner.is_active = active
            partner.deactivated_through = "" if active else DeactivatedThrough.V1_2
            stamp(partner, actor)
            partner.save()
            publish_partner_updated(partner)
            if not active:
                partner_deactivated_12.send(sender=Partner, partner=partner, actor=actor)
            mail_partner_status(partner)
            op.description = f"partner {'activated' if active else 'deactivated'} (1.2)"
        else:
            op.description = f"partner already {'active' if active else 'inactive'} (1.2)"
    return message
