"""WebSub events through a transactional outbox.

A service records an event (``record_event``) in the transaction of the change it reports:
the row commits with the change or not at all, so an event reaches the hub if and only if
its change committed. Publishers (``manage.py publish_events [--follow]``) then take the
due events, oldest first, hold them for PMS_WEBSUB_LEASE_SECONDS, and post each to the hub
as MOSIP's WebSub client does (``hub.mode=publish&hub.topic=<topic>``, MOSIP's event
body); each topic is registered with the hub once per process first, its errors ignored,
as MOSIP does. A failure is tried again after 5 s, 10 s, 20 s, ... (at most
PMS_WEBSUB_RETRY_MAX_SECONDS apart) and given up after PMS_WEBSUB_MAX_ATTEMPTS: a dead
letter, shown in the admin, which a partner admin may send again (audited).

Taking events is a short transaction of its own (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL), so any number of publishers may run and none holds a lock while it talks to
the hub. A publisher that dies holding events leaves them to the next once its lease ends:
delivery is at least once, and subscribers tell repeats apart by ``event.id``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kernel.actors import Actor
from kernel.envelope import format_time
from kernel.outbound import OPENER
from kernel.secrets import secret_box

from .conf import app_settings
from .errors import EventErrors
from .models import OutboxEvent
from .operations import EVENT_RESEND

logger = logging.getLogger("pms.events")

NAMESPACE = "mosip.pms"
FIRST_RETRY_SECONDS = 5


def record_event(topic: str, data: dict[str, Any], *, publisher: str) -> OutboxEvent | None:
    """Record ``topic`` with ``data`` (MOSIP's payload keys, JSON values) in the caller's
    transaction; nothing when no hub is configured (PMS_WEBSUB_HUB_URL)."""
    if not app_settings.PMS_WEBSUB_HUB_URL:
        return None
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event belongs inside the transaction of the change it reports")
    now = timezone.now()
    sealed = secret_box().seal(json.dumps(data, separators=(",", ":"), sort_keys=True))
    return OutboxEvent.objects.create(topic=topic, publisher=publisher, sealed_data=sealed, created_at=now,
                                      next_attempt_at=now)


class DeliveryFailed(Exception):
    """Why the hub did not take an event, in words safe to store (never the event's data)."""


@dataclass
class PublishReport:
    published: int = 0
    failed: int = 0
    dead: int = 0

    def __str__(self) -> str:
        return f"{self.published} published, {self.failed} to try again, {self.dead} given up"


def retry_delay(attempts: int) -> dt.timedelta:
    """After the ``attempts``-th failure: 5 s, 10 s, 20 s, ... capped."""
    seconds = FIRST_RETRY_SECONDS * 2 ** min(max(attempts - 1, 0), 30)
    return dt.timedelta(seconds=min(seconds, app_settings.PMS_WEBSUB_RETRY_MAX_SECONDS))


def take_due(*, limit: int = 100, now: dt.datetime | None = None) -> list[OutboxEvent]:
    """The due events, oldest first, held for this publisher for the lease (their attempt
    counted now, so a publisher dying mid-way still uses up attempts)."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(OutboxEvent.objects.select_for_update(skip_locked=True)
                   .filter(published_at__isnull=True, dead_at__isnull=True, next_attempt_at__lte=now)
                   .order_by("next_attempt_at", "created_at")[:limit])
        if due:
            lease_end = now + dt.timedelta(seconds=app_settings.PMS_WEBSUB_LEASE_SECONDS)
            OutboxEvent.objects.filter(pk__in=[event.pk for event in due]).update(
                next_attempt_at=lease_end, attempts=F("attempts") + 1)
            for event in due:
                event.attempts += 1
    return due


def event_body(event: OutboxEvent, *, published_on: dt.datetime) -> dict[str, Any]:
    """MOSIP's ``EventModel``."""
    return {
        "publisher": event.publisher,
        "topic": event.topic,
        "publishedOn": format_time(published_on),
        "event": {
            "id": str(event.id),
            "type": {"namespace": NAMESPACE, "name": event.topic},
            "timestamp": format_time(event.created_at),
            "data": json.loads(secret_box().open(event.sealed_data)),
        },
    }


_registered: set[tuple[str, str]] = set()
_registered_lock = threading.Lock()


def _post(url: str, body: bytes, content_type: str) -> None:
    headers = {"Content-Type": content_type}
    if app_settings.PMS_WEBSUB_AUTHORIZATION:
        headers["Authorization"] = app_settings.PMS_WEBSUB_AUTHORIZATION
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        # kernel.outbound follows no redirect: a 3xx is a failure, tried again later.
        with OPENER.open(request, timeout=app_settings.PMS_WEBSUB_TIMEOUT_SECONDS) as answer:
            answer.read(65536)
    except urllib.error.HTTPError as exc:
        raise DeliveryFailed(f"the hub answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryFailed(f"the hub could not be reached: {type(reason).__name__}") from None


def _hub_url(**params: str) -> str:
    hub = app_settings.PMS_WEBSUB_HUB_URL
    return hub + ("&" if "?" in hub else "?") + urllib.parse.urlencode(params)


def _register(topic: str) -> None:
    key = (app_settings.PMS_WEBSUB_HUB_URL, topic)
    with _registered_lock:
        if key in _registered:
            return
    try:
        _post(app_settings.PMS_WEBSUB_HUB_URL,
              urllib.parse.urlencode({"hub.mode": "register", "hub.topic": topic}).encode(),
              "application/x-www-form-urlencoded")
    except DeliveryFailed as exc:
        logger.info("registering topic %s with the hub failed (%s); publishing anyway", topic, exc)
    with _registered_lock:
        _registered.add(key)


def deliver(event: OutboxEvent) -> None:
    """Post one event to the hub; DeliveryFailed when it does not take it."""
    if not app_settings.PMS_WEBSUB_HUB_URL:
        raise DeliveryFailed("no hub is configured (PMS_WEBSUB_HUB_URL)")
    _register(event.topic)
    body = json.dumps(event_body(event, published_on=timezone.now()), separators=(",", ":")).encode()
    _post(_hub_url(**{"hub.mode": "publish", "hub.topic": event.topic}), body, "application/json")


def publish_due(*, limit: int = 100, now: dt.datetime | None = None) -> PublishReport:
    """Take the due events and post them; each outcome written at once."""
    report = PublishReport()
    for event in take_due(limit=limit, now=now):
        try:
            deliver(event)
        except DeliveryFailed as exc:
            failed_at = timezone.now()
            error = str(exc)[:300]
            if event.attempts >= app_settings.PMS_WEBSUB_MAX_ATTEMPTS:
                OutboxEvent.objects.filter(pk=event.pk).update(dead_at=failed_at, last_error=error)
                logger.error("websub event %s (%s) given up after %d attempts: %s", event.pk, event.topic,
                             event.attempts, error)
                report.dead += 1
            else:
                OutboxEvent.objects.filter(pk=event.pk).update(
                    next_attempt_at=failed_at + retry_delay(event.attempts), last_error=error)
                logger.warning("websub event %s (%s) attempt %d failed: %s", event.pk, event.topic, event.attempts,
                               error)
                report.failed += 1
        else:
            OutboxEvent.objects.filter(pk=event.pk).update(published_at=timezone.now(), last_error="")
            report.published += 1
    return report


def resend_event(*, actor: Actor, event_id: str) -> OutboxEvent:
    """A dead letter goes back to the queue, its attempts counted afresh. Audited."""
    with EVENT_RESEND.run(actor=actor, ref_id=str(event_id)) as op:
        event = OutboxEvent.objects.select_for_update().filter(pk=event_id).first()
        if event is None or event.dead_at is None:
            raise EventErrors.NOT_A_DEAD_LETTER.error()
        event.dead_at = None
        event.attempts = 0
        event.next_attempt_at = timezone.now()
        event.save(update_fields=["dead_at", "attempts", "next_attempt_at"])
        op.description = f"{event.topic} event queued again"
    return event
