"""Inputs that used to answer HTTP 500 (hardening issue, finding 7): each is PMS_COR_002
in the envelope (or the admin's 400 page), never a server error, and changes nothing."""

import json

import pytest
from django.test import Client

from policies.models import Policy
from policies.tests.factories import PolicyGroupFactory, auth_document, make_manager
from tests.support.api import PmsApi, assert_error, assert_ok, envelope
from tests.support.users import make_user, token_for

pytestmark = pytest.mark.django_db

AUDITS = "/v1/auditmanager/audits"
POLICIES = "/partnermanagement/v1/policies/policies"


@pytest.fixture
def auditor_api():
    return PmsApi(token=token_for(make_user("root", ["PARTNER_ADMIN"])))


@pytest.mark.parametrize("params", [
    {"page": "²"}, {"pageSize": "³"}, {"page": "٣"}, {"page": "99999999999999999999"},
    {"pageSize": "99999999999999999999"}, {"page": " 1"}, {"page": "+1"},
])
def test_odd_page_numbers_are_pms_cor_002(auditor_api, params):
    assert_error(auditor_api.get(AUDITS, params=params), "PMS_COR_002")


def test_a_page_past_the_end_is_an_empty_page(auditor_api):
    answer = assert_ok(auditor_api.get(AUDITS, params={"page": "999999999"}))
    assert answer == []


@pytest.mark.parametrize("params", [
    {"eventId": "\x00"}, {"id": "a\x00b"}, {"from": "\x00"},
    {"from": "0001-01-01T00:00:00+01:00"}, {"to": "9999-12-31T23:59:59-01:00"},
    {"from": "2026-13-45T00:00:00Z"},
])
def test_odd_audit_filters_are_pms_cor_002(auditor_api, params):
    assert_error(auditor_api.get(AUDITS, params=params), "PMS_COR_002")


@pytest.mark.parametrize("params", [{"name": "\x00"}, {"policyGroupName": "x\x00"}, {"policyGroupId": "\x00"}])
def test_nul_in_policy_list_filters_is_pms_cor_002(auditor_api, params):
    assert_error(auditor_api.get(POLICIES, params=params), "PMS_COR_002")


@pytest.mark.parametrize("where", ["value", "key"])
def test_lone_surrogate_in_a_policy_document_is_pms_cor_002(where):
    group = PolicyGroupFactory(name="Banking")
    api = PmsApi(token=token_for(make_manager("pm", groups=[group])))
    document = auth_document()
    if where == "value":
        document["allowedKycAttributes"][0]["attributeName"] = "LONE"
    else:
        document["LONE"] = 1
    raw = json.dumps(envelope({"name": "p", "desc": "d", "policies": document, "policyGroupName": "Banking",
                               "policyType": "Auth"})).replace("LONE", "\\ud800")
    assert_error(api.post(POLICIES, raw=raw), "PMS_COR_002")
    assert not Policy.objects.exists()


def test_lone_surrogate_in_a_login_name_is_pms_cor_002(api):
    raw = json.dumps(envelope({"userName": "x", "password": "y"})).replace('"x"', '"\\udfff"')
    assert_error(api.post("/v1/authmanager/authenticate/useridPwd", raw=raw), "PMS_COR_002")


@pytest.mark.parametrize("length", ["abc", "-5", "1e3"])
def test_garbage_content_length_is_not_a_server_error(auditor_api, length):
    answer = auditor_api.post("/v1/authmanager/authorize/invalidateToken", headers={"Content-Length": length})
    assert answer.status != 500


@pytest.mark.parametrize("query", ["policy_group__id__exact=%00", "q=%00", "status__exact=%00"])
def test_nul_in_an_admin_query_is_a_400_page(query):
    admin = make_user("boss", ["PARTNER_ADMIN"])
    admin.is_staff = True
    admin.save()
    browser = Client()
    browser.force_login(admin)
    assert browser.get(f"/admin/policies/policy/?{query}").status_code == 400
