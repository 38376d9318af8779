import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from audit.catalogue import events
from audit.models import AuditEvent
from audit.services import DECLARED, AuditedOperation, record
from kernel.actors import Actor
from kernel.errors import KernelErrors, PmsError
from kernel.operations import ANY_TOKEN
from kernel.roles import Role
from tests.support.api import assert_error, assert_ok
from tests.support.users import make_user, token_for

pytestmark = pytest.mark.django_db

AUDITS = "/v1/auditmanager/audits"
ACTOR = Actor(username="tester", roles=frozenset({Role.POLICYMANAGER}), client_ip="10.0.0.9", request_id="req-1")


def test_catalogue_holds_every_seed_event():
    ids = {e.event_id for e in events().values()}
    seed = {"PMS_PRT_101", "PMS_PRT_200", "PMS_PRT_416", "PMS_PRT_475", "PMS_MSP_104", "PMS_MSP_407", "PMS_PRT_452"}
    assert seed <= ids
    # the 80 seed rows (catalog §12), and ours marked as added
    assert len([e for e in events().values() if e.source == "seed"]) == 80
    assert all(e.source in ("seed", "added") for e in events().values())


def test_record_writes_mosip_fields():
    row = record("policy.group.create.success", ACTOR, ref_id="123")
    assert (row.event_id, row.event_name, row.event_type) == ("PMS_PRT_215", "Create Policy Group", "System")
    assert row.session_user_id == "tester" and row.roles == "POLICYMANAGER"
    assert row.client_ip == "10.0.0.9" and row.request_id == "req-1" and row.module_id == "PMS_POL"


GROUP_CREATE = AuditedOperation("test group create", roles=ANY_TOKEN, request="policy.group.create.request",
                                success="policy.group.create.success", failure="policy.group.create.failure")
GROUP_READ = AuditedOperation("test group read", roles=ANY_TOKEN, success="policy.group.get.success", failure="policy.group.get.failure",
                              read=True)


def test_an_audited_read_writes_one_row():
    with GROUP_READ.run(actor=ACTOR, ref_id="g1"):
        pass
    assert list(AuditEvent.objects.values_list("event_key", flat=True)) == ["policy.group.get.success"]
    with pytest.raises(PmsError):
        with GROUP_READ.run(actor=ACTOR, ref_id="g1"):
            raise KernelErrors.INVALID_INPUT.error(field="x")
    assert AuditEvent.objects.count() == 2 and AuditEvent.objects.filter(event_key="policy.group.get.failure").exists()


MANAGERS_ONLY = AuditedOperation("test managers only", roles=frozenset({Role.PARTNERMANAGER}),
                                 request="policy.group.create.request", success="policy.group.create.success",
                                 failure="policy.group.create.failure")


def test_run_refuses_an_actor_without_a_declared_role_first_audited_as_the_failure():
    ran = []
    with pytest.raises(PmsError) as refused:
        with MANAGERS_ONLY.run(actor=ACTOR, ref_id="g9"):
            ran.append(True)
    assert refused.value.code == "KER-ATH-403" and ran == []
    rows = list(AuditEvent.objects.order_by("id").values_list("event_key", "ref_id"))
    assert rows == [("policy.group.create.request", "g9"), ("policy.group.create.failure", "g9")]


@pytest.mark.parametrize("roles", [{Role.PARTNERMANAGER}, {Role.PARTNER_ADMIN}, {Role.AUDITOR, Role.PARTNERMANAGER}])
def test_run_lets_a_declared_role_and_partner_admin_through(roles):
    actor = Actor(username="m", roles=frozenset(roles))
    with MANAGERS_ONLY.run(actor=actor) as op:
        op.ref_id = "g1"
    assert AuditEvent.objects.filter(event_key="policy.group.create.success", ref_id="g1").exists()


def test_the_outcome_chooses_the_success_event():
    decide = AuditedOperation("test decide", roles=ANY_TOKEN, request="partner.apikey.decide.request",
                              success="partner.apikey.approve.success", failure="partner.apikey.decide.failure",
                              outcomes={"approve": "partner.apikey.approve.success",
                                        "reject": "partner.apikey.reject.success"})
    try:
        with decide.run(actor=ACTOR) as op:
            op.outcome = "reject"
        assert AuditEvent.objects.filter(event_key="partner.apikey.reject.success").count() == 1
        assert not AuditEvent.objects.filter(event_key="partner.apikey.approve.success").exists()
        assert "partner.apikey.reject.success" in decide.event_keys()
    finally:
        DECLARED.remove(decide)


def test_an_operation_naming_an_unknown_event_fails_the_system_check():
    from audit.checks import declared_events_exist

    assert declared_events_exist(None) == []
    bad = AuditedOperation("typo", roles=ANY_TOKEN, success="policy.group.create.sucess", failure="policy.group.create.failure")
    try:
        errors = declared_events_exist(None)
        assert [e.id for e in errors] == ["pms.E010"] and "policy.group.create.sucess" in errors[0].msg
    finally:
        DECLARED.remove(bad)


def test_failure_event_survives_the_rolled_back_business_transaction():
    with pytest.raises(PmsError):
        with GROUP_CREATE.run(actor=ACTOR) as op:
            Group.objects.create(name="Doomed")
            op.ref_id = "doomed"
            raise KernelErrors.INVALID_INPUT.error(field="name")
    assert not Group.objects.filter(name="Doomed").exists()  # the business change rolled back
    assert not AuditEvent.objects.filter(event_id="PMS_PRT_215").exists()  # so did its success event
    failure = AuditEvent.objects.get(event_id="PMS_PRT_475")
    assert failure.outcome == "failure" and failure.ref_id == "doomed"
    assert "PMS_COR_002" in failure.description
    assert AuditEvent.objects.filter(event_id="PMS_PRT_115").exists()  # and the request event stays


def test_unexpected_error_is_audited_as_pms_cor_003_without_details():
    with pytest.raises(ZeroDivisionError):
        with GROUP_CREATE.run(actor=ACTOR):
            raise ZeroDivisionError("boom")
    assert AuditEvent.objects.get(event_id="PMS_PRT_475").description == "PMS_COR_003: Could not process the request"


def test_failure_key_can_depend_on_the_error_code():
    with pytest.raises(PmsError):
        with AuditedOperation("by code", roles=ANY_TOKEN, success="partner.register.success", failure={
                "PMS_COR_002": "partner.register.invalid_email", "*": "partner.register.duplicate_name"}).run(actor=ACTOR):
            raise KernelErrors.INVALID_INPUT.error(field="emailId")
    assert AuditEvent.objects.filter(event_id="PMS_PRT_401").exists()


def test_audit_rows_are_append_only():
    row = record("auth.login.success", ACTOR)
    row.description = "rewritten"
    with pytest.raises(TypeError):
        row.save()
    with pytest.raises(TypeError):
        row.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=row.pk).update(description="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()


def test_tokens_never_reach_audit_descriptions():
    token = token_for(make_user("someone"))
    row = record("auth.login.failure", ACTOR, description=f"bad token {token}")
    assert token not in row.description and "[redacted]" in row.description


def test_audit_api_is_for_auditors_and_partner_admins(api):
    record("auth.login.success", ACTOR, ref_id="x")
    for user, status in [(make_user("aud", ["AUDITOR"]), 200), (make_user("pa", ["PARTNER_ADMIN"]), 200),
                         (make_user("pm", ["POLICYMANAGER"]), 403), (make_user("p", ["PARTNER"]), 403)]:
        assert api.get(AUDITS, token=token_for(user)).status == status, user.username


def test_audit_api_filters_and_paginates(api):
    record("auth.login.success", ACTOR, ref_id="a")
    record("auth.login.failure", ACTOR, ref_id="b")
    record("auth.login.failure", ACTOR, ref_id="c")
    token = token_for(make_user("aud", ["AUDITOR"]))
    answer = api.get(AUDITS, token=token, params={"eventId": "PMS_AUT_401", "pageSize": "1"})
    rows = assert_ok(answer)
    assert len(rows) == 1 and rows[0]["eventId"] == "PMS_AUT_401" and rows[0]["id"] == "c"  # newest first
    assert answer.body["metadata"] == {"page": 1, "pageSize": 1, "totalItems": 2, "totalPages": 2}
    assert set(rows[0]) >= {"eventId", "eventName", "eventType", "actionTimeStamp", "hostName", "hostIp", "applicationId",
                            "applicationName", "sessionUserId", "sessionUserName", "id", "idType", "createdBy",
                            "moduleName", "moduleId", "description"}
    by_ref = assert_ok(api.get(AUDITS, token=token, params={"id": "a"}))
    assert [r["id"] for r in by_ref] == ["a"]
    future = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert assert_ok(api.get(AUDITS, token=token, params={"from": future})) == []
    assert_error(api.get(AUDITS, token=token, params={"from": "yesterday"}), "PMS_COR_002")


def test_admin_is_read_only_and_exports_csv():
    record("auth.login.success", ACTOR, ref_id="=cmd()")
    admin = make_user("root", ["PARTNER_ADMIN"])
    admin.is_staff = True
    admin.save()
    client = Client()
    client.force_login(admin)
    listing = client.get("/admin/audit/auditevent/")
    assert listing.status_code == 200 and b"PMS_AUT_201" in listing.content
    row = AuditEvent.objects.get()
    assert client.get(f"/admin/audit/auditevent/{row.pk}/delete/").status_code == 403
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    export = client.post("/admin/audit/auditevent/", {"action": "export_csv", "_selected_action": [row.pk]})
    assert export["Content-Type"].startswith("text/csv")
    text = export.content.decode()
    assert text.splitlines()[0].startswith("eventId,eventName")
    assert "'=cmd()" in text  # spreadsheet formula neutralised


def test_a_refused_role_check_is_audited(api):
    assert api.get(AUDITS, token=token_for(make_user("p", ["PARTNER"]))).status == 403
    row = AuditEvent.objects.get(event_id="PMS_AUT_405")
    assert row.session_user_id == "p" and row.ref_id == AUDITS and row.roles == "PARTNER"


def test_the_unfiltered_total_is_the_chains_length_without_counting_the_trail(api):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for ref in "abc":
        record("auth.login.success", ACTOR, ref_id=ref)
    token = token_for(make_user("aud2", ["AUDITOR"]))
    with CaptureQueriesContext(connection) as ctx:
        answer = api.get(AUDITS, token=token, params={"pageSize": "2"})
    assert answer.body["metadata"]["totalItems"] == AuditEvent.objects.count()
    assert not [q for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    # a filter counts its rows
    filtered = api.get(AUDITS, token=token, params={"id": "b"})
    assert filtered.body["metadata"]["totalItems"] == 1
