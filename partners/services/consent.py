"""MOSIP 1.2's partner-portal consent (1.2 catalog §15, R111/R112). The consent is the
user's (``accounts.UserConsent``); the rule that only a partner's owner gives or reads it
is the partner service's, as in MOSIP (PMS_CERTIFICATE_ERROR_002 otherwise)."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import UserConsent
from accounts.operations import USER_CONSENT_GIVE_12
from kernel.actors import Actor
from kernel.records import save_unique, stamp

from ..errors import Certificates12Errors
from ..models import Partner


def _require_a_partner(actor: Actor) -> None:
    if actor.user is None or not Partner.objects.filter(owner=actor.user).exists():
        raise Certificates12Errors.USER_OWNS_NO_PARTNER.error()


def give_consent(*, actor: Actor) -> UserConsent:
    """R111: the caller, who must own a partner, accepts the portal's terms now (UTC); giving
    it again moves the time. History row, audit 112/212/412."""
    with USER_CONSENT_GIVE_12.run(actor=actor, ref_id=actor.username):
        _require_a_partner(actor)
        consent = UserConsent.objects.select_for_update().filter(user=actor.user).first()
        created = consent is None
        if created:
            consent = UserConsent(user=actor.user)
        consent.consent_given = True
        consent.consent_given_at = timezone.now()
        stamp(consent, actor, created=created)
        # A first consent given twice at once: the loser is MOSIP's "error while saving".
        save_unique(consent, {"accounts_userconsent_user_id_key": Certificates12Errors.CONSENT_SAVE.error,
                              "accounts_userconsent.user_id": Certificates12Errors.CONSENT_SAVE.error})
    return consent


def consent_of(*, actor: Actor) -> UserConsent | None:
    """R112: the caller's consent (None: not given); the caller must own a partner. Not
    audited (``USER_CONSENT_READ_12``); who may ask is checked by the view's operation."""
    _require_a_partner(actor)
    return UserConsent.objects.filter(user=actor.user, consent_given=True).first()
