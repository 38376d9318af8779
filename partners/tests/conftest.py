import pytest

from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory, PolicyGroupFactory
from tests.support.api import PmsApi
from tests.support.users import make_user, token_for

from .factories import make_partner_manager

PARTNERS = "/partnermanagement/v1/partners/partners"  # the doubled prefix real clients use
MANAGER = "/partnermanagement/v1/pmpartners/pmpartners"
POLICIES = "/partnermanagement/v1/policies/policies"


@pytest.fixture
def banking(db):
    return PolicyGroupFactory(name="Banking")


@pytest.fixture
def telecom(db):
    return PolicyGroupFactory(name="Telecom")


@pytest.fixture
def kyc_policy(banking):
    return PolicyFactory(policy_group=banking, name="KYC Policy", status=PolicyStatus.PUBLISHED)


@pytest.fixture
def partner_user(db):
    return make_user("airtel", ["AUTH_PARTNER"])


@pytest.fixture
def partner_api(partner_user):
    return PmsApi(token=token_for(partner_user))


@pytest.fixture
def bank_manager(banking):
    return make_partner_manager("partner-manager-bank", [banking])


@pytest.fixture
def bank_manager_api(bank_manager):
    return PmsApi(token=token_for(bank_manager))


@pytest.fixture
def telecom_manager_api(telecom):
    return PmsApi(token=token_for(make_partner_manager("partner-manager-tel", [telecom])))


def register_body(**overrides):
    body = {"partnerId": "airtel-01", "partnerType": "Auth_Partner", "organizationName": "Airtel India",
            "contactNumber": "+91 98450 00000", "emailId": "ops@airtel.example", "address": "Bengaluru",
            "policyGroup": "Banking"}
    body.update(overrides)
    return body
