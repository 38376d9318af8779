import pytest

from tests.support.api import PmsApi, assert_ok
from tests.support.users import make_user, token_for

from .factories import V1, mds_request, provider_request


@pytest.fixture
def zonal(db):
    return PmsApi(token=token_for(make_user("zonal", ["ZONAL_ADMIN"])))


@pytest.fixture
def ida(db):
    return PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"])))


@pytest.fixture
def provider(zonal):
    """A device provider with an MDS for its AX / AX-100 single-finger scanner."""
    made = assert_ok(zonal.post(f"{V1}/deviceprovider", provider_request()))
    assert_ok(zonal.post(f"{V1}/mosipdeviceservice", mds_request(made["id"])))
    return made
