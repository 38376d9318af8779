"""WebSub events through the outbox, against a real HTTP server standing in for the hub:
recorded with the change or not at all, posted as MOSIP's client posts them, tried again
with backoff, given up as dead letters that a partner admin may send again, sealed at rest."""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from events import services
from events.models import OutboxEvent
from kernel.actors import Actor
from kernel.errors import PmsError
from kernel.roles import Role

pytestmark = pytest.mark.django_db
SECRET = "the-api-key-value-0123456789"


class Hub:
    """Records every POST; answers ``fail`` (a status) to the next ``failures`` publishes."""

    def __init__(self):
        self.calls: list[dict] = []
        self.failures = 0
        self.fail = 503
        self.register_status = 200
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
                form = dict(urllib.parse.parse_qsl(body.decode())) if "form" in self.headers.get("Content-Type", "") else {}
                hub.calls.append({"query": query, "form": form, "body": body, "headers": dict(self.headers)})
                if form.get("hub.mode") == "register":
                    status = hub.register_status
                elif hub.failures:
                    hub.failures -= 1
                    status = hub.fail
                else:
                    status = 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_GET(self):  # only a followed redirect would GET
                hub.calls.append({"query": {}, "form": {}, "body": b"", "headers": dict(self.headers), "get": self.path})
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hub/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def published(self) -> list[dict]:
        return [json.loads(c["body"]) for c in self.calls if c["query"].get("hub.mode") == "publish"]


@pytest.fixture
def hub(settings):
    running = Hub()
    settings.PMS_WEBSUB_HUB_URL = running.url
    settings.PMS_WEBSUB_AUTHORIZATION = "Bearer hub-token"
    services._registered.clear()
    yield running
    running.server.shutdown()
    running.server.server_close()


def record(topic="APIKEY_APPROVED", data=None):
    with transaction.atomic():
        return services.record_event(topic, data or {"apiKeyData": {"apiKeyId": SECRET, "apiKeyStatus": "ACTIVE"}},
                                     publisher="PartnerManagementService")


def later(seconds: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(seconds=seconds)


def test_an_event_exists_only_if_its_change_committed(hub):
    class ChangeFailed(Exception):
        pass

    with pytest.raises(ChangeFailed), transaction.atomic():
        services.record_event("POLICY_UPDATED", {"policyData": {}}, publisher="x")
        raise ChangeFailed
    assert not OutboxEvent.objects.exists()
    record()
    assert OutboxEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_event_is_recorded_inside_a_transaction_only(hub):
    with pytest.raises(RuntimeError):
        services.record_event("POLICY_UPDATED", {}, publisher="x")


def test_no_hub_no_events(settings):
    settings.PMS_WEBSUB_HUB_URL = ""
    with transaction.atomic():
        assert services.record_event("POLICY_UPDATED", {}, publisher="x") is None
    assert not OutboxEvent.objects.exists()


def test_the_data_is_sealed_at_rest(hub):
    event = record()
    stored = OutboxEvent.objects.values_list("sealed_data", flat=True).get(pk=event.pk)
    assert SECRET not in stored and "apiKeyId" not in stored


def test_events_are_posted_as_mosips_websub_client_posts_them(hub):
    event = record()
    assert str(services.publish_due()) == "1 published, 0 to try again, 0 given up"
    register, publish = hub.calls
    assert register["form"] == {"hub.mode": "register", "hub.topic": "APIKEY_APPROVED"}
    assert publish["query"] == {"hub.mode": "publish", "hub.topic": "APIKEY_APPROVED"}
    assert publish["headers"]["Content-Type"] == "application/json"
    assert publish["headers"]["Authorization"] == "Bearer hub-token"
    body = json.loads(publish["body"])
    assert list(body) == ["publisher", "topic", "publishedOn", "event"]
    assert body["event"]["id"] == str(event.pk)
    assert body["event"]["type"] == {"namespace": "mosip.pms", "name": "APIKEY_APPROVED"}
    assert body["event"]["data"] == {"apiKeyData": {"apiKeyId": SECRET, "apiKeyStatus": "ACTIVE"}}
    assert body["publishedOn"].endswith("Z") and body["event"]["timestamp"].endswith("Z")
    published = OutboxEvent.objects.get()
    assert published.state == "published" and published.attempts == 1
    assert str(services.publish_due()) == "0 published, 0 to try again, 0 given up"
    record("POLICY_UPDATED", {"policyData": {"policyId": "p"}})
    services.publish_due()
    assert [c["form"].get("hub.topic") for c in hub.calls if c["form"]] == ["APIKEY_APPROVED", "POLICY_UPDATED"]


def test_a_topic_the_hub_will_not_register_is_published_anyway(hub):
    hub.register_status = 500
    record()
    assert services.publish_due().published == 1 and len(hub.published) == 1


def test_a_failure_is_tried_again_after_a_growing_pause(hub):
    record()
    hub.failures = 2
    assert services.publish_due().failed == 1
    event = OutboxEvent.objects.get()
    assert (event.attempts, event.last_error, event.state) == (1, "the hub answered HTTP 503", "waiting")
    assert 4 <= (event.next_attempt_at - timezone.now()).total_seconds() <= 5
    assert services.publish_due().failed == 0  # not due yet
    assert services.publish_due(now=later(6)).failed == 1
    event.refresh_from_db()
    assert event.attempts == 2 and 9 <= (event.next_attempt_at - timezone.now()).total_seconds() <= 10
    assert services.publish_due(now=later(11)).published == 1
    assert len(hub.published) == 3 and len({body["event"]["id"] for body in hub.published}) == 1


def test_the_pause_grows_to_its_cap(settings):
    settings.PMS_WEBSUB_RETRY_MAX_SECONDS = 60
    assert [services.retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 5, 50)] == [5, 10, 20, 40, 60, 60]


def test_an_unreachable_hub_is_a_failure_that_says_so_without_the_data(hub, settings):
    record()
    hub.server.shutdown()
    hub.server.server_close()
    assert services.publish_due().failed == 1
    error = OutboxEvent.objects.get().last_error
    assert error.startswith("the hub could not be reached") and SECRET not in error


def test_given_up_after_the_last_attempt_then_sent_again_by_a_partner_admin(hub, settings):
    settings.PMS_WEBSUB_MAX_ATTEMPTS = 2
    event = record()
    hub.failures = 5
    services.publish_due()
    assert services.publish_due(now=later(6)).dead == 1
    event.refresh_from_db()
    assert event.state == "dead letter" and services.publish_due(now=later(3600)).failed == 0
    admin = Actor(username="pa", roles=frozenset({Role.PARTNER_ADMIN}))
    with pytest.raises(PmsError) as refused:
        services.resend_event(actor=Actor(username="pm", roles=frozenset({Role.PARTNERMANAGER})), event_id=event.pk)
    assert refused.value.code == "KER-ATH-403"
    hub.failures = 0
    services.resend_event(actor=admin, event_id=event.pk)
    event.refresh_from_db()
    assert (event.state, event.attempts) == ("waiting", 0)
    assert services.publish_due().published == 1
    assert list(AuditEvent.objects.filter(event_id__startswith="PMS_EVT").values_list("event_id", flat=True)
                .order_by("id")) == ["PMS_EVT_101", "PMS_EVT_401", "PMS_EVT_101", "PMS_EVT_201"]
    with pytest.raises(PmsError) as refused:  # published: not a dead letter
        services.resend_event(actor=admin, event_id=event.pk)
    assert refused.value.code == "PMS_EVT_001"


def test_a_publisher_that_died_holding_events_leaves_them_to_the_next(hub, settings):
    settings.PMS_WEBSUB_LEASE_SECONDS = 60
    record()
    assert len(services.take_due()) == 1  # taken, then the process dies
    assert services.publish_due().published == 0  # held by the lease
    assert services.publish_due(now=later(61)).published == 1
    assert OutboxEvent.objects.get().attempts == 2


def test_the_command_publishes_the_due_events(hub):
    record()
    out = io.StringIO()
    call_command("publish_events", stdout=out)
    assert out.getvalue().strip() == "1 published, 0 to try again, 0 given up"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_publishers_never_take_the_same_event(hub):
    for _ in range(20):
        record()
    taken: list[list] = []
    barrier = threading.Barrier(2)

    def publisher():
        from django.db import connection

        barrier.wait()
        try:
            taken.append([event.pk for event in services.take_due(limit=15)])
        finally:
            connection.close()

    threads = [threading.Thread(target=publisher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first, second = taken
    assert not set(first) & set(second) and len(first) + len(second) == 20


def test_a_redirecting_hub_is_a_failure_and_the_redirect_target_gets_nothing(hub):
    """A hub answering 3xx has not taken the event: following the redirect would turn the POST
    into a GET (urllib's rule for 301-303), count any 200 there as published (the event lost)
    and hand the hub's Authorization header to whatever the redirect names."""
    elsewhere = Hub()
    try:
        hub.fail, hub.failures = 302, 1

        class RedirectingHandler(hub.server.RequestHandlerClass):
            def send_response(self, code, message=None):
                super().send_response(code, message)
                if code == 302:
                    self.send_header("Location", elsewhere.url + "?stolen=1")

        hub.server.RequestHandlerClass = RedirectingHandler
        record()
        assert services.publish_due().failed == 1
        event = OutboxEvent.objects.get()
        assert (event.state, event.last_error) == ("waiting", "the hub answered HTTP 302")
        assert elsewhere.calls == []
        assert services.publish_due(now=later(6)).published == 1  # the hub takes it when asked again
        assert len(hub.published) == 2 and len({body["event"]["id"] for body in hub.published}) == 1
    finally:
        elsewhere.server.shutdown()
        elsewhere.server.server_close()
