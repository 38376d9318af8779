"""P6: the policy of a partner API key, through the resolver the partners app registers."""

import pytest

from accounts.testing import make_user, token_for
from kernel.testing import PmsApi, assert_error, assert_ok
from policies.models import PolicyStatus
from policies.selectors import register_api_key_resolver, unregister_api_key_resolver

from .conftest import P
from .factories import PolicyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def keys():
    table: dict[str, str] = {}
    resolver = table.get
    register_api_key_resolver(resolver)
    yield table
    unregister_api_key_resolver(resolver)


@pytest.fixture
def ida():
    return PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"])))


def test_machine_client_reads_the_policy_of_a_key(ida, keys, banking):
    policy = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    keys["key-123"] = policy.id
    answer = ida.get(f"{P}/partnerApiKey/key-123")
    assert assert_ok(answer)["id"] == policy.id
    assert answer.body["id"] == "mosip.partnermanagement.policies.retrieve.partnerAPIKey"
    assert assert_ok(ida.get(f"{P}/key-123"))["id"] == policy.id  # bare form: id, else key


def test_unknown_key_and_inactive_policy_are_pms_pol_013(ida, keys, banking):
    assert_error(ida.get(f"{P}/partnerApiKey/nope"), "PMS_POL_013")
    draft = PolicyFactory(policy_group=banking)
    keys["draft-key"] = draft.id
    assert_error(ida.get(f"{P}/partnerApiKey/draft-key"), "PMS_POL_013")
    dead = PolicyFactory(policy_group=banking, status=PolicyStatus.DEACTIVATED)
    keys["dead-key"] = dead.id
    assert_error(ida.get(f"{P}/partnerApiKey/dead-key"), "PMS_POL_013")


def test_the_key_never_reaches_the_audit_trail(ida, keys, banking):
    from audit.models import AuditEvent

    policy = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    keys["secret-key-value"] = policy.id
    ida.get(f"{P}/partnerApiKey/secret-key-value")
    ida.get(f"{P}/partnerApiKey/another-secret-value")
    for row in AuditEvent.objects.all():
        assert "secret-key-value" not in (row.ref_id + row.description)
        assert "another-secret-value" not in (row.ref_id + row.description)


def test_partner_cannot_use_p6(keys):
    api = PmsApi(token=token_for(make_user("bank", ["PARTNER"])))
    assert_error(api.get(f"{P}/partnerApiKey/x"), "KER-ATH-403", status=403)
