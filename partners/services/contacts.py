"""A partner's contacts (``{id}/addcontact``, SPEC §9.13)."""

from __future__ import annotations

from kernel.actors import Actor
from kernel.records import require_text, save_unique, stamp

from ..errors import PartnerErrors
from ..models import PartnerContact
from ..operations import CONTACT_UPSERT
from ..selectors import partners_owned_by
from .registration import checked_contact_no, checked_email


def add_or_update_contact(*, actor: Actor, partner_id: str, email: str, contact_no: str, address: str,
                          is_active: bool = True) -> tuple[PartnerContact, bool]:
    """The owner adds a contact, or updates the one with the same e-mail address (any
    case). Returns the contact and whether it is new. Audit 144/244/444."""
    with CONTACT_UPSERT.run(actor=actor, ref_id=partner_id) as op:
        partner = partners_owned_by(actor).select_for_update(of=("self",)).filter(pk=partner_id).first()
        if partner is None:
            raise PartnerErrors.PARTNER_NOT_FOUND.error()
        email = checked_email(email)
        contact = PartnerContact.objects.filter(partner=partner, email__iexact=email).first()
        created = contact is None
        if created:
            contact = PartnerContact(partner=partner, email=email)
        contact.contact_no = checked_contact_no(contact_no)
        contact.address = require_text(address, "address", 2000)
        contact.is_active = is_active
        stamp(contact, actor, created=created)
        save_unique(contact, {"uniq_partner_contact_email_ci": lambda: PartnerErrors.CONTACT_EXISTS.error()})
        op.description = f"contact {'added' if created else 'updated'}"
    return contact, created
