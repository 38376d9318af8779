"""The partner service's e-mails (MOSIP 1.2 catalog §17.2, §17.3), one mechanism for all:
Django's e-mail backend, the partner's address, its stored language (``Partner.lang_code``,
MOSIP's 3-letter code, mapped onto the portal's languages), templates
``partners/email/<name>_subject.txt`` and ``<name>_body.txt`` translated in
``partners/locale``.

- ``PARTNER_REGISTRED`` (R1/R2): ``registration12.mail_registration``.
- ``PARTNER_UPDATED``: a partner's active state changed (R40, the 1.0 partner status route).
- ``APIKEY_STATUS_UPDATED``: an API key's active state changed (R23, the 1.0 key status route).
- ``APIKEY_EXPIRED``: ``manage.py remind_expiring_api_keys``.

A change's mail leaves once the change committed (``transaction.on_commit``), never for a
refused or rolled-back one, and only when the state actually changed. A failure is logged
(its kind and the partner's id only: no address, no key, no SMTP text, which may quote
the conversation) and changes nothing, as in MOSIP. No mail ever carries a key's value.
"""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from ..models import Partner, PartnerApiKey

logger = logging.getLogger("pms.partners")
# MOSIP's 3-letter language codes and the portal's (settings.LANGUAGES) for the e-mails.
MAIL_LANGUAGES = {"eng": "en", "fra": "fr", "ara": "ar"}


def organization_of(partner: Partner) -> str:
    return " ".join(partner.name.split())[:128]


def mail_partner(partner: Partner, template: str, context: dict[str, Any], what: str) -> bool:
    """Render ``template`` in the partner's language and send it to the partner's address;
    True when the backend took it. A failure is logged as "<what> e-mail of partner <id>
    not sent: <kind>" and answers False."""
    language = MAIL_LANGUAGES.get(partner.lang_code, settings.LANGUAGE_CODE)
    context = {"organization": organization_of(partner), "partner_id": partner.id, **context}
    try:
        with translation.override(language):
            subject = " ".join(render_to_string(f"partners/email/{template}_subject.txt", context).split())
            body = render_to_string(f"partners/email/{template}_body.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [partner.email])
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("%s e-mail of partner %s not sent: %s", what, partner.id, type(exc).__name__)
        return False
    return True


def mail_partner_after_commit(partner: Partner, template: str, context: dict[str, Any], what: str) -> None:
    """``mail_partner`` once the surrounding transaction commits (nothing if it rolls back)."""
    transaction.on_commit(lambda: mail_partner(partner, template, context, what))


def mail_partner_status(partner: Partner) -> None:
    """``PARTNER_UPDATED``: the partner is now active or inactive (after commit)."""
    mail_partner_after_commit(partner, "partner_status", {"active": partner.is_active}, "partner status")


def mail_api_key_status(key: PartnerApiKey) -> None:
    """``APIKEY_STATUS_UPDATED``: the key (by label and policy, never its value) is now
    active or inactive (after commit)."""
    context = {"label": key.label, "policy": key.policy.name, "active": key.is_active}
    mail_partner_after_commit(key.partner, "apikey_status", context, "API key status")
