"""M7 pages like every list (SPEC §3 Lists: page 1 and 50 by default, pageSize capped at
500, bad values PMS_COR_002, totals in ``metadata``), on both prefixes; an e-mail that is
not one is a malformed value (PMS_COR_002 naming emailId), PMS_MSP_004 staying "No
information provided for update"."""

import pytest

from kernel.actors import Actor
from kernel.roles import Role
from misp import services
from misp.models import LicenseKey, Misp
from tests.support.api import PmsApi, assert_ok
from tests.support.audit import assert_refused, snapshot
from tests.support.users import make_user, token_for

pytestmark = pytest.mark.django_db

PREFIXES = ["/partnermanagement/v1/misps", "/partnermanagement/v1/misps/misps"]
NAMES = ["Echo", "alpha", "Delta", "charlie", "Bravo"]  # listed by name: alpha, Bravo, charlie, Delta, Echo


@pytest.fixture
def admin_user(db):
    return make_user("misp-admin", ["MISP_ADMIN"])


@pytest.fixture
def admin(admin_user):
    return PmsApi(token=token_for(admin_user))


@pytest.fixture
def five_misps(admin_user):
    actor = Actor(username=admin_user.username, roles=frozenset({Role.MISP_ADMIN}), user=admin_user)
    return [services.create_misp(actor=actor, name=f"{name} MISP", contact_no="1", email="ops@misp.example",
                                 address="India") for name in NAMES]


def _names(answer) -> list[str]:
    return [row["organizationName"] for row in assert_ok(answer)["mispDetails"]]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_misp_list_defaults_to_page_1_of_50_with_totals(five_misps, admin, prefix):
    answer = admin.get(prefix)
    assert _names(answer) == ["alpha MISP", "Bravo MISP", "charlie MISP", "Delta MISP", "Echo MISP"]
    assert answer.body["metadata"] == {"page": 1, "pageSize": 50, "totalItems": 5, "totalPages": 1}


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_misp_list_pages_in_a_stable_order(five_misps, admin, prefix):
    pages = [admin.get(prefix, params={"page": str(n), "pageSize": "2"}) for n in (1, 2, 3, 4)]
    assert [_names(page) for page in pages] == [["alpha MISP", "Bravo MISP"], ["charlie MISP", "Delta MISP"],
                                                ["Echo MISP"], []]
    assert [page.body["metadata"] for page in pages] == [
        {"page": n, "pageSize": 2, "totalItems": 5, "totalPages": 3} for n in (1, 2, 3, 4)]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_page_size_above_500_is_capped(five_misps, admin, prefix):
    answer = admin.get(prefix, params={"pageSize": "100000"})
    assert len(_names(answer)) == 5
    assert answer.body["metadata"] == {"page": 1, "pageSize": 500, "totalItems": 5, "totalPages": 1}


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("field,value", [("page", "-1"), ("page", "abc"), ("page", "0"), ("pageSize", "-5"),
                                         ("pageSize", "x"), ("pageSize", "0"), ("pageSize", "1.5")])
def test_bad_paging_values_are_pms_cor_002_naming_the_field(five_misps, admin, prefix, field, value):
    answer = admin.get(prefix, params={field: value})
    assert_refused(answer, "PMS_COR_002", event="misp.get.failure")
    assert field in answer.body["errors"][0]["message"]


def _create(api, **overrides):
    body = {"organizationName": "Telecom MISP", "contactNumber": "9876998888", "emailId": "ops@misp.example",
            "address": "India"}
    body.update(overrides)
    return api.post(PREFIXES[1], body)


@pytest.mark.parametrize("email", ["nope", "ops@", "two@@misp.example"])
def test_a_bad_email_on_create_is_a_malformed_value(admin, email):
    before = snapshot(Misp, LicenseKey)
    answer = _create(admin, emailId=email)
    assert_refused(answer, "PMS_COR_002", unchanged=before, event="misp.create.invalid_email")
    assert "emailId" in answer.body["errors"][0]["message"]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_bad_email_on_update_is_a_malformed_value_and_changes_nothing(five_misps, admin, prefix):
    misp_id = five_misps[0].id
    before = snapshot(Misp, LicenseKey)
    for method in (admin.put, admin.post):  # POST is the 1.0 form of M3
        answer = method(f"{prefix}/{misp_id}", {"organizationName": "Renamed", "emailId": "nope"})
        assert_refused(answer, "PMS_COR_002", unchanged=before, event="misp.update.invalid_email")
        assert "emailId" in answer.body["errors"][0]["message"]
    assert Misp.history.filter(id=misp_id).count() == 1  # created, never changed


def test_an_empty_update_keeps_pms_msp_004(five_misps, admin):
    before = snapshot(Misp, LicenseKey)
    answer = admin.put(f"{PREFIXES[1]}/{five_misps[0].id}", {"emailId": " ", "address": ""})
    assert_refused(answer, "PMS_MSP_004", unchanged=before, event="misp.update.failure")
    assert answer.body["errors"][0]["message"] == "No information provided for update"
