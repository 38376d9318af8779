"""MOSIP 1.2's API-key expiry reminder (1.2 catalog §17.2 ``APIKEY_EXPIRED``, §17.3), run
by ``manage.py remind_expiring_api_keys`` from cron or a systemd timer (docs/production.md).

Each active partner with active keys whose expiry falls within the next
PMS_API_KEY_EXPIRY_NOTICE_DAYS days gets one e-mail listing them (label, policy name,
expiry time in UTC; never a key's value), in its stored language, through
``partners.services.mails``. Decisions:

- **At most once per key and expiry time** (``ApiKeyExpiryNotice``, unique per key and
  ``valid_to``): a key whose validity is changed has a new expiry, hence a new reminder.
  The notice is recorded in the run's transaction and the mails leave once it committed;
  a mail the backend refuses is logged (the partner's id and the failure's kind) and not
  retried by later runs, as MOSIP's job does not retry either.
- Keys already expired, inactive keys and keys of inactive partners get no reminder (they
  open nothing; a deactivated partner is told by ``PARTNER_UPDATED``).
- Two runs at once (two timers, two hosts): on PostgreSQL they take turns (a transaction
  lock), so the second finds the first's notices and mails no one twice.
- One audited operation per run (system actor), events 173/273/473.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from kernel.actors import Actor

from ..conf import app_settings
from ..models import ApiKeyExpiryNotice, PartnerApiKey
from ..operations import API_KEY_EXPIRY_REMIND
from .mails import mail_partner


def _one_run_at_a_time() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", ["pms.remind_expiring_api_keys"])


def remind_expiring_api_keys(*, actor: Actor) -> tuple[int, int]:
    """Record a notice for every due key not yet noticed for its expiry and, once that
    committed, mail each key's partner once with all its due keys. Answers (partners,
    keys)."""
    with API_KEY_EXPIRY_REMIND.run(actor=actor) as op:
        _one_run_at_a_time()
        days = app_settings.PMS_API_KEY_EXPIRY_NOTICE_DAYS
        now = timezone.now()
        noticed = ApiKeyExpiryNotice.objects.filter(key=OuterRef("pk"), valid_to=OuterRef("valid_to"))
        due = (PartnerApiKey.objects.select_related("partner", "policy")
               .filter(is_active=True, partner__is_active=True, valid_to__gt=now,
                       valid_to__lte=now + dt.timedelta(days=days))
               .exclude(Exists(noticed)).order_by("partner_id", "valid_to", "label"))
        by_partner: dict[str, list[PartnerApiKey]] = defaultdict(list)
        for key in due:
            by_partner[key.partner_id].append(key)
        ApiKeyExpiryNotice.objects.bulk_create(
            [ApiKeyExpiryNotice(key=key, valid_to=key.valid_to) for keys in by_partner.values() for key in keys])
        for keys in by_partner.values():
            _mail_after_commit(keys)
        count = sum(len(keys) for keys in by_partner.values())
        op.description = (f"{len(by_partner)} partner(s) reminded of {count} API key(s) expiring within {days} day(s): "
                          + ", ".join(f"{pid} ({len(keys)})" for pid, keys in by_partner.items()))[:1000]
    return len(by_partner), count


def _mail_after_commit(keys: list[PartnerApiKey]) -> None:
    partner = keys[0].partner
    context = {"keys": [{"label": key.label, "policy": key.policy.name,
                         "expires": timezone.localtime(key.valid_to, dt.timezone.utc).strftime("%Y-%m-%d %H:%M")}
                        for key in keys]}
    transaction.on_commit(lambda: mail_partner(partner, "apikey_expiry", context, "API key expiry"))
