"""MOSIP 1.2's policy routes (1.2 catalog §9, R51–R63; §16.4, §17.1): the lifecycle in
1.2's spelling, its codes, scope, POLICY_UPDATED through the outbox, and one record read
and changed through both generations (SPEC §10.1, §10.4)."""

from __future__ import annotations

import json

import pytest
from django.db import transaction

from audit.models import AuditEvent
from events.models import OutboxEvent
from policies.models import Policy, PolicyStatus
from tests.support.api import PmsApi, assert_error, assert_ok
from tests.support.users import token_for

from .conftest import DOUBLED
from .factories import PolicyFactory, auth_document
from .test_groups_12 import P12, v1, v2

pytestmark = pytest.mark.django_db


def create_body(**overrides):
    body = {"policyGroupName": "Banking", "policyType": "Auth", "name": "KYC", "desc": "e-KYC", "version": "1.0",
            "policies": auth_document()}
    body.update(overrides)
    return body


def update_body(**overrides):
    body = {"policyGroupName": "Banking", "name": "KYC 2", "desc": "e-KYC, again", "version": "1.1",
            "policies": auth_document()}
    body.update(overrides)
    return body


@pytest.fixture
def hub(settings):
    settings.PMS_WEBSUB_HUB_URL = "http://127.0.0.1:9/hub/"  # recorded, never sent in these tests


def events(topic="POLICY_UPDATED"):
    from kernel.secrets import secret_box

    return [json.loads(secret_box().open(e.sealed_data)) for e in OutboxEvent.objects.filter(topic=topic).order_by("created_at")]


# --- R51 create ----------------------------------------------------------------------------

def test_r51_creates_a_draft(manager_api, banking):
    answer = manager_api.post(P12, body=v1(create_body(), envelope_id="mosip.pms.policy.create"))
    policy = assert_ok(answer)
    assert answer.body["id"] == "mosip.pms.policy.create" and "metadata" not in answer.body
    assert set(policy) == {"id", "policyGroupName", "name", "desc", "is_Active", "cr_by", "cr_dtimes", "up_by",
                           "upd_dtimes"}
    assert policy["is_Active"] is False and policy["cr_dtimes"].endswith("+00:00")
    stored = Policy.objects.get(pk=policy["id"])
    assert stored.status == PolicyStatus.DRAFT and not stored.legacy and stored.history.count() == 1
    assert AuditEvent.objects.filter(event_key="policy.create.success").exists()


@pytest.mark.parametrize("overrides,code", [
    ({"policyType": "Biometric"}, "PMS_POL_023"),
    ({"policyGroupName": "Nowhere"}, "PMS_POL_019"),
    ({"policyGroupName": "Telecom"}, "PMS_POL_019"),  # another manager's group: like an unknown name
])
def test_r51_refusals(manager_api, banking, telecom, overrides, code):
    assert_error(manager_api.post(P12, body=v1(create_body(**overrides))), code)
    assert not Policy.objects.exists()


def test_r51_inactive_group_and_taken_name(manager_api, banking):
    PolicyFactory(policy_group=banking, name="KYC")
    answer = manager_api.post(P12, body=v1(create_body(name="kyc")))
    assert_error(answer, "PMS_POL_009")
    assert answer.body["errors"][0]["message"] == "Auth policy exists with name : kyc"
    banking.is_active = False
    banking.save()
    assert_error(manager_api.post(P12, body=v1(create_body(name="Other"))), "PMS_POL_053")


@pytest.mark.parametrize("overrides,message", [
    ({"policyType": ""}, "value is empty or null. Allowed values Auth/DataShare/CredentialIssuance :request.policyType"),
    ({"desc": "d" * 257}, "Length should be in between 1 and 256 chars :request.desc"),
    ({"policies": None}, "must not be null :request.policies"),
])
def test_r51_bean_validation(manager_api, banking, overrides, message):
    answer = manager_api.post(P12, body=v1(create_body(**overrides)))
    assert answer.body["errors"] == [{"errorCode": "PMS_COR_001", "message": f"Invalid request parameter - {message}"}]


# --- R52 update, R53 publish, R54 status, R55 deactivate ---------------------------------------

def test_r52_updates_a_draft_and_announces_it(manager_api, banking, hub):
    draft = PolicyFactory(policy_group=banking, name="KYC")
    policy = assert_ok(manager_api.put(f"{P12}/{draft.id}", body=v1(update_body())))
    assert policy["name"] == "KYC 2"
    draft.refresh_from_db()
    assert (draft.description, draft.version, draft.history.count()) == ("e-KYC, again", "1.1", 2)
    [event] = events()
    assert event["policyData"]["policyId"] == draft.id and event["policyData"]["policyStatus"] == "DEACTIVE"


def test_r52_refusals(manager_api, banking, telecom):
    draft = PolicyFactory(policy_group=banking, name="KYC")
    PolicyFactory(policy_group=banking, name="Taken")
    foreign = PolicyFactory(policy_group=telecom)
    assert_error(manager_api.put(f"{P12}/{draft.id}", body=v1(update_body(policyGroupName="Nowhere"))), "PMS_POL_019")
    assert_error(manager_api.put(f"{P12}/{foreign.id}", body=v1(update_body())), "PMS_POL_008")
    assert_error(manager_api.put(f"{P12}/{draft.id}", body=v1(update_body(name="TAKEN"))), "PMS_POL_009")
    draft.status = PolicyStatus.PUBLISHED
    draft.save()
    assert_error(manager_api.put(f"{P12}/{draft.id}", body=v1(update_body())), "PMS_POL_055")
    assert Policy.objects.get(pk=draft.pk).name == "KYC"


def test_r53_publishes_and_announces(manager_api, banking, hub):
    draft = PolicyFactory(policy_group=banking)
    answer = manager_api.post(f"{P12}/{draft.id}/group/{banking.id}/publish")
    policy = assert_ok(answer)
    assert (answer.body["id"], answer.body["version"]) == (None, None)
    assert policy["status"] == "PUBLISHED" and policy["is_Active"] is True
    assert policy["schema"] == "https://schemas.mosip.io/v1/auth-policy" and policy["policyGroupStatus"] is True
    assert Policy.objects.get(pk=draft.pk).status == PolicyStatus.PUBLISHED
    [event] = events()
    assert event["policyData"]["policyStatus"] == "ACTIVE"
    assert_error(manager_api.post(f"{P12}/{draft.id}/group/{banking.id}/publish"), "PMS_POL_020")


def test_r53_mapping_checks_in_mosips_order(manager_api, banking, telecom):
    from .factories import PolicyGroupFactory

    draft = PolicyFactory(policy_group=banking)
    other = PolicyGroupFactory(name="Other")
    from policies.models import ManagerGroupMapping

    ManagerGroupMapping.objects.create(user=ManagerGroupMapping.objects.get(policy_group=banking).user, policy_group=other)
    assert_error(manager_api.post(f"{P12}/{draft.id}/group/{telecom.id}/publish"), "PMS_POL_016")
    assert_error(manager_api.post(f"{P12}/nope/group/{banking.id}/publish"), "PMS_POL_008")
    assert_error(manager_api.post(f"{P12}/{draft.id}/group/{other.id}/publish"), "PMS_POL_015")
    banking.is_active = False
    banking.save()
    assert_error(manager_api.post(f"{P12}/{draft.id}/group/{banking.id}/publish"), "PMS_POL_053")


def test_r54_draft_de_active_is_a_no_op_published_is_058_active_is_054(manager_api, banking, hub):
    draft = PolicyFactory(policy_group=banking)
    live = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    answer = manager_api.patch(f"{P12}/{draft.id}/group/{banking.id}", body=v1({"status": "De-Active"}))
    assert assert_ok(answer) == {"message": "status updated successfully"}
    assert Policy.objects.get(pk=draft.pk).status == PolicyStatus.DRAFT
    assert len(events()) == 1
    assert_error(manager_api.patch(f"{P12}/{draft.id}/group/{banking.id}", body=v1({"status": "Active"})),
                 "PMS_POL_054")
    assert_error(manager_api.patch(f"{P12}/{live.id}/group/{banking.id}", body=v1({"status": "de-active"})),
                 "PMS_POL_058")
    assert_error(manager_api.patch(f"{P12}/{live.id}/group/{banking.id}", body=v1({"status": "off"})), "PMS_POL_045")
    assert Policy.objects.get(pk=live.pk).status == PolicyStatus.PUBLISHED


def test_r55_deactivates_for_good_in_the_v2_envelope(manager_api, banking, hub):
    live = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    api_id = "mosip.pms.deactivate.policy.patch"
    answer = manager_api.patch(f"{P12}/{live.id}", body=v2({"status": "De-Activate"}, api_id=api_id))
    assert assert_ok(answer) == {"policyId": live.id, "isActive": False}
    assert answer.body["id"] == api_id and "responseTime" in answer.body
    live.refresh_from_db()
    assert (live.status, live.deactivated_through) == (PolicyStatus.DEACTIVATED, "1.2")
    assert events() == []  # MOSIP 1.2 announces no deactivation
    assert live.history.count() == 2 and AuditEvent.objects.filter(event_key="policy.update.success").exists()
    assert_error(manager_api.patch(f"{P12}/{live.id}", body=v2({"status": "De-Activate"}, api_id=api_id)),
                 "PMS_POL_062")



def test_a_rolled_back_publish_records_no_event(banking, hub, manager):
    from kernel.actors import Actor
    from kernel.roles import Role
    from policies.services import policies12

    draft = PolicyFactory(policy_group=banking)
    actor = Actor(username=manager.username, roles=frozenset({Role.POLICYMANAGER}), user=manager)

    class Crash(Exception):
        pass

    with pytest.raises(Crash), transaction.atomic():
        policies12.publish_policy_12(actor=actor, policy_id=draft.id, group_id=banking.id)
        assert OutboxEvent.objects.count() == 1
        raise Crash
    assert not OutboxEvent.objects.exists()
    assert Policy.objects.get(pk=draft.pk).status == PolicyStatus.DRAFT


# --- reads ---------------------------------------------------------------------------------

def test_r56_r58_read_the_managers_policies_only(manager_api, banking, telecom):
    mine = PolicyFactory(policy_group=banking, status=PolicyStatus.DEACTIVATED)
    foreign = PolicyFactory(policy_group=telecom)
    listed = assert_ok(manager_api.get(P12))
    assert [p["policyId"] for p in listed] == [mine.id] and listed[0]["status"] == "DRAFTED"
    assert assert_ok(manager_api.get(f"{P12}/{mine.id}"))["policyGroupName"] == "Banking"
    unknown, other = manager_api.get(f"{P12}/nope"), manager_api.get(f"{P12}/{foreign.id}")
    for answer in (unknown, other):
        assert_error(answer, "PMS_POL_008")
    assert unknown.body["errors"] == other.body["errors"]


def test_r57_a_page_of_summaries_with_filters_sort_and_status(manager_api, banking, telecom):
    PolicyFactory(policy_group=banking, name="Alpha")
    PolicyFactory(policy_group=banking, name="Beta", status=PolicyStatus.PUBLISHED)
    PolicyFactory(policy_group=banking, name="Gamma", status=PolicyStatus.DEACTIVATED)
    PolicyFactory(policy_group=telecom, name="Foreign")
    answer = manager_api.get(f"{P12}/v2", params={"sortFieldName": "policyName", "sortType": "desc"})
    page = assert_ok(answer)
    assert answer.body["id"] == "mosip.pms.policies.get"
    assert (page["pageNo"], page["pageSize"], page["totalResults"]) == (0, 8, 3)
    assert [(p["policyName"], p["status"]) for p in page["data"]] == [
        ("Gamma", "deactivated"), ("Beta", "activated"), ("Alpha", "draft")]
    assert set(page["data"][0]) == {"policyId", "policyName", "policyDescription", "policyGroupId", "policyGroupName",
                                    "status", "createdDateTime"}
    only = assert_ok(manager_api.get(f"{P12}/v2", params={"status": "draft", "policyName": "ALP"}))
    assert [p["policyName"] for p in only["data"]] == ["Alpha"]
    by_status = assert_ok(manager_api.get(f"{P12}/v2", params={"sortFieldName": "status", "sortType": "asc",
                                                              "pageNo": "0", "pageSize": "2"}))
    assert [p["status"] for p in by_status["data"]] == ["activated", "deactivated"]


@pytest.mark.parametrize("params,code", [
    ({"sortFieldName": "colour", "sortType": "asc"}, "PMS_PRT_357"),
    ({"sortFieldName": "policyName", "sortType": "up"}, "PMS_PRT_358"),
    ({"pageNo": "-1", "pageSize": "8"}, "PMS_PRT_360"),
    ({"pageNo": "0", "pageSize": "0"}, "PMS_PRT_361"),
])
def test_r57_parameter_codes_in_the_policy_envelope(manager_api, params, code):
    answer = manager_api.get(f"{P12}/v2", params=params)
    assert_error(answer, code)
    assert answer.body["id"] is None and "metadata" not in answer.body


def test_r57_checks_no_pairs(manager_api, banking):
    PolicyFactory(policy_group=banking)
    page = assert_ok(manager_api.get(f"{P12}/v2", params={"pageNo": "0"}))
    assert page["pageSize"] == 8 and page["totalResults"] == 1


def test_r59_needs_an_active_api_key_of_the_partner(manager_api, banking):
    live = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    assert_error(manager_api.get(f"{P12}/{live.id}/partner/anyone"), "PMS_POL_017")
    assert_error(manager_api.get(f"{P12}/nope/partner/anyone"), "PMS_POL_008")


def test_r60_published_policies_of_an_active_group_by_name(manager_api, banking, telecom):
    live = PolicyFactory(policy_group=banking, name="Live", status=PolicyStatus.PUBLISHED)
    PolicyFactory(policy_group=banking, name="Draft")
    assert assert_ok(manager_api.get(f"{P12}/active/group/Banking")) == [
        {"policyGroupId": banking.id, "policyGroupName": "Banking", "id": live.id, "name": "Live",
         "descr": live.description, "policyType": "Auth"}]
    assert_error(manager_api.get(f"{P12}/active/group/Telecom"), "PMS_POL_019")
    banking.is_active = False
    banking.save()
    assert_error(manager_api.get(f"{P12}/active/group/Banking"), "PMS_POL_053")



def test_r61_searches_the_managers_policies(manager_api, banking, telecom):
    PolicyFactory(policy_group=banking, name="Alpha")
    PolicyFactory(policy_group=telecom, name="Alpha Foreign")
    body = v1({"filters": [{"columnName": "name", "type": "contains", "value": "alpha"}], "sort": [],
               "pagination": {"pageStart": 0, "pageFetch": 10}, "policyType": "all"})
    page = assert_ok(manager_api.post(f"{P12}/search", body=body))
    assert [p["name"] for p in page["data"]] == ["Alpha"] and isinstance(page["data"][0]["policies"], str)
    typed = v1({**body["request"], "policyType": "DataShare"})
    assert assert_ok(manager_api.post(f"{P12}/search", body=typed))["data"] is None
    by_group = v1({**body["request"], "filters": [{"columnName": "policyGroupId", "type": "equals", "value": banking.id}]})
    assert [p["name"] for p in assert_ok(manager_api.post(f"{P12}/search", body=by_group))["data"]] == ["Alpha"]
    missing = manager_api.post(f"{P12}/search", body=v1({"filters": [], "sort": [], "pagination": {}}))
    assert missing.body["errors"][0]["message"] == "Invalid request parameter - must not be null :request.policyType"



def test_r63_answers_only_whitelisted_settings(manager_api):
    assert assert_ok(manager_api.get(f"{P12}/config/pmp.allowed.policy.types")) == {
        "key": "pmp.allowed.policy.types", "value": "Auth,DataShare,CredentialIssuance"}
    assert assert_ok(manager_api.get(f"{P12}/config/spring.datasource.password")) == {
        "key": "spring.datasource.password", "value": None}


# --- one record, two spellings (SPEC §10.1, §10.4) ---------------------------------------------

def test_a_1_0_policy_reads_as_published_through_1_2_and_cannot_be_updated_there(manager_api, banking):
    made = assert_ok(manager_api.post(DOUBLED, {"name": "Legacy", "desc": "d", "policies": auth_document()}))
    read = assert_ok(manager_api.get(f"{P12}/{made['id']}"))
    assert (read["status"], read["is_Active"]) == ("PUBLISHED", True)
    summary = assert_ok(manager_api.get(f"{P12}/v2"))["data"][0]
    assert summary["status"] == "activated"
    assert_error(manager_api.put(f"{P12}/{made['id']}", body=v1(update_body(name="Legacy"))), "PMS_POL_055")


def test_a_1_1_draft_made_through_1_0_is_updated_published_and_deactivated_through_1_2(manager_api, banking):
    made = assert_ok(manager_api.post(DOUBLED, {"name": "Draft", "desc": "d", "policies": auth_document(),
                                                "policyGroupName": "Banking", "policyType": "Auth", "version": "1.0"}))
    assert_ok(manager_api.put(f"{P12}/{made['id']}", body=v1(update_body(name="Draft 2"))))
    assert_ok(manager_api.post(f"{P12}/{made['id']}/group/{banking.id}/publish"))
    assert assert_ok(manager_api.get(f"{DOUBLED}/policyId/{made['id']}"))["status"] == "published"
    assert_ok(manager_api.patch(f"{P12}/{made['id']}",
                                body=v2({"status": "De-Activate"}, api_id="mosip.pms.deactivate.policy.patch")))
    read = assert_ok(manager_api.get(f"{DOUBLED}/policyId/{made['id']}"))
    assert (read["name"], read["status"], read["is_Active"]) == ("Draft 2", "deactivated", False)


def test_r55_is_terminal_for_the_1_0_activate_route(manager_api, banking):
    live = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    assert_ok(manager_api.patch(f"{P12}/{live.id}",
                                body=v2({"status": "De-Activate"}, api_id="mosip.pms.deactivate.policy.patch")))
    for url in (f"{DOUBLED}/{live.id}", f"{DOUBLED}/policyGroupId/{banking.id}/policyId/{live.id}"):
        answer = manager_api.patch(url, {"status": "Active"})
        assert_error(answer, "PMS_POL_058")
    assert Policy.objects.get(pk=live.pk).status == PolicyStatus.DEACTIVATED


def test_a_1_0_deactivation_reads_deactivated_through_1_2_and_1_0_may_reverse_it(manager_api, banking, hub):
    live = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    assert_ok(manager_api.patch(f"{DOUBLED}/{live.id}", {"status": "De-Active"}))
    assert Policy.objects.get(pk=live.pk).deactivated_through == "1.0"
    assert assert_ok(manager_api.get(f"{P12}/v2"))["data"][0]["status"] == "deactivated"
    assert_error(manager_api.patch(f"{P12}/{live.id}",
                                   body=v2({"status": "De-Activate"}, api_id="mosip.pms.deactivate.policy.patch")),
                 "PMS_POL_062")
    assert_ok(manager_api.patch(f"{DOUBLED}/{live.id}", {"status": "Active"}))
    live.refresh_from_db()
    assert (live.status, live.deactivated_through) == (PolicyStatus.PUBLISHED, "")
    assert [e["policyData"]["policyStatus"] for e in events()] == ["DEACTIVE", "ACTIVE"]


def test_a_1_2_draft_is_published_through_1_0(manager_api, banking):
    made = assert_ok(manager_api.post(P12, body=v1(create_body())))
    published = assert_ok(manager_api.post(f"{DOUBLED}/publishPolicy/policyGroupId/{banking.id}/policyId/{made['id']}"))
    assert published["status"] == "published"
    assert assert_ok(manager_api.get(f"{P12}/{made['id']}"))["status"] == "PUBLISHED"


def test_refusals_are_audited_and_change_nothing(manager_api, banking, telecom):
    from tests.support.audit import assert_refused, snapshot

    live = PolicyFactory(policy_group=telecom, status=PolicyStatus.PUBLISHED)
    before = snapshot(Policy)
    assert_refused(manager_api.patch(f"{P12}/{live.id}", body=v2({"status": "De-Activate"},
                                                                api_id="mosip.pms.deactivate.policy.patch")),
                   "PMS_POL_065", unchanged=before, event="policy.update.failure")
    assert_refused(manager_api.post(P12, body=v1(create_body(policyGroupName="Telecom"))), "PMS_POL_019",
                   unchanged=before, event="policy.create.failure")
    assert_refused(manager_api.get(f"{P12}/{live.id}"), "PMS_POL_008", event="policy.get.failure")


# --- query counts: the 1.2 reads run as many queries for 1 row as for 12 ----------------------

def _count_world(size: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import PolicyGroupFactory, make_manager

    groups = [PolicyGroupFactory(name=f"Group {size}-{n}") for n in range(size)]
    manager = make_manager(f"pm-count-{size}", groups=groups)
    policies = [PolicyFactory(policy_group=group, name=f"policy {n}", status=PolicyStatus.PUBLISHED)
                for group in groups for n in range(size)]
    api = PmsApi(token=token_for(manager))
    search = v1({"filters": [], "sort": [], "pagination": {"pageStart": 0, "pageFetch": 50}, "policyType": "all"})
    counts = {}
    for name, call in {
        "R47": lambda: api.get(f"{P12}/group/all"),
        "R46": lambda: api.get(f"{P12}/group/{groups[0].id}"),
        "R48": lambda: api.post(f"{P12}/group/search", body=search),
        "R50": lambda: api.get(f"{P12}/policy-groups"),
        "R56": lambda: api.get(P12),
        "R57": lambda: api.get(f"{P12}/v2", params={"pageNo": "0", "pageSize": "50"}),
        "R58": lambda: api.get(f"{P12}/{policies[0].id}"),
        "R60": lambda: api.get(f"{P12}/active/group/{groups[0].name}"),
        "R61": lambda: api.post(f"{P12}/search", body=search),
    }.items():
        with CaptureQueriesContext(connection) as ctx:
            assert_ok(call())
        counts[name] = len(ctx.captured_queries)
    return counts


def test_the_1_2_reads_run_a_fixed_number_of_queries():
    assert _count_world(1) == _count_world(12)
