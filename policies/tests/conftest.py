import pytest

from tests.support.api import PmsApi
from tests.support.users import make_user, token_for

from .factories import PolicyGroupFactory, make_manager

DOUBLED = "/partnermanagement/v1/policies/policies"  # the prefix real clients use
DOCUMENTED = "/partnermanagement/v1/policies"  # the prefix the catalog documents


@pytest.fixture
def banking(db):
    return PolicyGroupFactory(name="Banking")


@pytest.fixture
def telecom(db):
    return PolicyGroupFactory(name="Telecom")


@pytest.fixture
def manager(banking):
    return make_manager("pm-bank", ["POLICYMANAGER"], groups=[banking])


@pytest.fixture
def other_manager(telecom):
    return make_manager("pm-tel", ["POLICYMANAGER"], groups=[telecom])


@pytest.fixture
def manager_api(manager):
    """The API as the Banking policy manager."""
    return PmsApi(token=token_for(manager))


@pytest.fixture
def other_manager_api(other_manager):
    return PmsApi(token=token_for(other_manager))


@pytest.fixture
def admin_api(db):
    return PmsApi(token=token_for(make_user("root", ["PARTNER_ADMIN"])))
