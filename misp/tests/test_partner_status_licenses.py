"""A MISP partner's licenses and its partner's status, across the generations: a partner
deactivated through the 1.0 status route (reversible) keeps its keys, which validate
nowhere while it is inactive (M4, PM12, M10, the 1.2 routes) and again once it is
reactivated; and the 1.0 key routes M6/M10 name a MISP partner's MISP by the partner's id
as well as by the record's id (a record's id wins)."""

import datetime as dt

import pytest
from django.utils import timezone

from misp.models import LicenseKey, Misp
from partners.models import ApiKeyRequest, PartnerApiKey, RequestStatus
from partners.tests.factories import make_partner, make_partner_manager
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory, PolicyGroupFactory
from tests.support.api import PmsApi, assert_ok
from tests.support.users import make_user, token_for

pytestmark = pytest.mark.django_db

R = "/v1/partnermanager/misps"
M = "/partnermanagement/v1/misps/misps"
MANAGER_10 = "/partnermanagement/v1/pmpartners/pmpartners"
PM12 = ("/partnermanagement/v1/pmpartners/pmpartners/validatePartnerMisp/partnerId/airtel-01/partnerApiKey/{k}"
        "/mispLicenseKey/{m}")


@pytest.fixture
def group():
    return PolicyGroupFactory(name="Telecom")


@pytest.fixture
def misp_owner():
    return make_user("mispp", ["MISP_PARTNER"])


@pytest.fixture
def misp_partner(misp_owner, group):
    return make_partner(misp_owner, name="Telecom MISP", group=group, partner_type="MISP_Partner", partner_id="mispp-1")


@pytest.fixture
def owner_api(misp_owner):
    return PmsApi(token=token_for(misp_owner))


@pytest.fixture
def manager_api(group):
    return PmsApi(token=token_for(make_partner_manager("pm-telecom", [group])))


@pytest.fixture
def misp_admin_api():
    return PmsApi(token=token_for(make_user("misp-admin", ["MISP_ADMIN"])))


@pytest.fixture
def ida():
    return PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"])))


@pytest.fixture
def partner_key(group):
    policy = PolicyFactory(policy_group=group, name="KYC Policy", status=PolicyStatus.PUBLISHED)
    partner = make_partner(make_user("airtel", ["AUTH_PARTNER"]), group=group, partner_id="airtel-01")
    now = timezone.now()
    request = ApiKeyRequest.objects.create(partner=partner, policy=policy, status=RequestStatus.APPROVED, use_case="x")
    PartnerApiKey.from_value("partner-api-key-1", request=request, partner=partner, policy=policy, label="k1",
                             label_key="k1", valid_from=now, valid_to=now + dt.timedelta(days=30)).save()
    return "partner-api-key-1"


def _validates(ida, misp_ids, value, partner_key) -> list:
    """What M4 (by each id) and PM12 answer for the key: [] each when valid."""
    answers = [ida.patch(f"{M}/{misp_id}/licenseKey", {"mispLicenseKey": value}).error_codes for misp_id in misp_ids]
    return [*answers, ida.get(PM12.format(k=partner_key, m=value)).error_codes]


def test_a_1_0_deactivation_of_the_misp_partner_stops_its_licenses_until_reactivated(
        owner_api, manager_api, misp_admin_api, misp_partner, ida, partner_key):
    value = assert_ok(owner_api.post(R, {"providerId": "mispp-1"}))["licenseKey"]
    record = Misp.objects.get(partner=misp_partner)
    ids = (record.id, "mispp-1")
    assert _validates(ida, ids, value, partner_key) == [[], [], []]

    assert_ok(manager_api.put(f"{MANAGER_10}/mispp-1", {"status": "De-Active"}))
    key = LicenseKey.objects.get()
    assert key.is_active and Misp.objects.get().is_active  # nothing destroyed: the partner's state decides
    assert _validates(ida, ids, value, partner_key) == [["PMS_MSP_008"], ["PMS_MSP_008"], ["PMS_PMP_025"]]
    # nor handed out, renewed or re-activated through either generation
    for misp_id in ids:
        assert misp_admin_api.get(f"{M}/{misp_id}/licenseKey").error_codes == ["PMS_MSP_1013"]
    assert manager_api.get(f"{R}/mispp-1/licenseKey").error_codes == ["PMS_MSP_405"]
    assert owner_api.post(R, {"providerId": "mispp-1"}).error_codes == ["PMS_MSP_405"]
    assert_ok(misp_admin_api.put(R, {"providerId": "mispp-1", "licenseKey": value, "licenseKeyStatus": "de-active"}))
    assert misp_admin_api.put(R, {"providerId": "mispp-1", "licenseKey": value,
                                  "licenseKeyStatus": "active"}).error_codes == ["PMS_MSP_1013"]
    assert misp_admin_api.put(f"{M}/mispp-1/licenseKey", {"mispLicenseKey": value,
                                                         "mispLicenseKeyStatus": "Active"}).error_codes == ["PMS_MSP_1013"]
    assert not LicenseKey.objects.get().is_active

    # reactivated through 1.0: the key may be re-activated and validates again
    assert_ok(manager_api.put(f"{MANAGER_10}/mispp-1", {"status": "Active"}))
    assert_ok(misp_admin_api.put(f"{M}/mispp-1/licenseKey", {"mispLicenseKey": value, "mispLicenseKeyStatus": "Active"}))
    assert _validates(ida, ids, value, partner_key) == [[], [], []]


def test_a_1_0_deactivation_alone_restores_validation_on_reactivation(manager_api, owner_api, misp_partner, ida,
                                                                      partner_key):
    value = assert_ok(owner_api.post(R, {"providerId": "mispp-1"}))["licenseKey"]
    assert_ok(ida.get(PM12.format(k=partner_key, m=value)))  # kept by the lookup cache, if it is on
    assert_ok(manager_api.put(f"{MANAGER_10}/mispp-1", {"status": "De-Active"}))
    assert ida.get(PM12.format(k=partner_key, m=value)).error_codes == ["PMS_PMP_025"]
    assert_ok(manager_api.put(f"{MANAGER_10}/mispp-1", {"status": "Active"}))
    assert_ok(ida.get(PM12.format(k=partner_key, m=value)))


def test_a_1_2_deactivation_is_terminal_for_the_licenses(manager_api, owner_api, misp_partner, ida, partner_key):
    value = assert_ok(owner_api.post(R, {"providerId": "mispp-1"}))["licenseKey"]
    assert_ok(manager_api.patch("/v1/partnermanager/partners/mispp-1", request={"status": "De-Active"}))
    assert not LicenseKey.objects.get().is_active
    assert _validates(ida, ("mispp-1",), value, partner_key) == [["PMS_MSP_008"], ["PMS_PMP_025"]]
    assert manager_api.put(f"{MANAGER_10}/mispp-1", {"status": "Active"}).error_codes == ["PMS_PMP_006"]


def test_m6_and_m10_name_a_misp_partners_misp_by_the_partner_id(owner_api, misp_admin_api, misp_partner):
    value = assert_ok(owner_api.post(R, {"providerId": "mispp-1"}))["licenseKey"]
    assert assert_ok(misp_admin_api.get(f"{M}/mispp-1/licenseKey"))["licenseKey"] == value
    assert_ok(misp_admin_api.put(f"{M}/mispp-1/licenseKey", {"mispLicenseKey": value,
                                                             "mispLicenseKeyStatus": "De-Active"}))
    assert not LicenseKey.objects.get().is_active
    assert misp_admin_api.get(f"{M}/nobody/licenseKey").error_codes == ["PMS_MSP_005"]
    assert misp_admin_api.put(f"{M}/nobody/licenseKey", {"mispLicenseKey": value,
                                                         "mispLicenseKeyStatus": "Active"}).error_codes == ["PMS_MSP_005"]


def test_a_misp_records_id_wins_over_a_partner_id_that_spells_it(misp_admin_api, group):
    created = assert_ok(misp_admin_api.post(M, {"organizationName": "Old MISP", "contactNumber": "1",
                                                "emailId": "a@b.example", "address": "x"}))
    old_id = created["mispID"]
    old_value = assert_ok(misp_admin_api.patch(f"{M}/{old_id}/status", {"mispStatus": "approved"}))["mispLicenseKey"]
    owner = make_user("lookalike", ["MISP_PARTNER"])
    make_partner(owner, name="Lookalike", group=group, partner_type="MISP_Partner", partner_id=old_id)
    lookalike_value = assert_ok(PmsApi(token=token_for(owner)).post(R, {"providerId": old_id}))["licenseKey"]
    assert assert_ok(misp_admin_api.get(f"{M}/{old_id}/licenseKey"))["licenseKey"] == old_value
    ida = PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"])))
    # the path names the 1.0 record: the look-alike partner's key is not that MISP's
    assert ida.patch(f"{M}/{old_id}/licenseKey", {"mispLicenseKey": lookalike_value}).error_codes == ["PMS_MSP_007"]
    assert misp_admin_api.put(f"{M}/{old_id}/licenseKey", {"mispLicenseKey": lookalike_value,
                                                           "mispLicenseKeyStatus": "De-Active"}).error_codes == [
        "PMS_MSP_007"]
