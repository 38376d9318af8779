"""The policy lookups by partner and by partner API key (``/policies/partnerId/{p}/policyId/
{q}``, P6 ``/policies/partnerApiKey/{key}``, ``/policies/{x}``) for managers: another policy
group's partner, policy or key answers exactly like an unknown one (SPEC §4, §9.1), so a
manager of one group cannot read another group's policies through them nor learn which of
its partners hold keys on which policies. Machine clients still read every partner's."""

import secrets

import pytest

from audit.models import AuditEvent
from kernel.actors import Actor
from kernel.roles import Role
from partners import services
from partners.models import ApiKeyRequest
from policies.models import ManagerGroupMapping, PolicyStatus
from policies.tests.factories import PolicyFactory
from tests.support.api import PmsApi, assert_ok
from tests.support.users import make_user, token_for

from .factories import make_partner, make_partner_manager

pytestmark = pytest.mark.django_db

PREFIXES = ("/partnermanagement/v1/policies", "/partnermanagement/v1/policies/policies")  # documented and doubled


def _approved_key(partner, policy, group) -> str:
    """An approved request of ``partner`` for ``policy`` and its key, as the owner downloads it."""
    request = ApiKeyRequest.objects.create(partner=partner, policy=policy, use_case="secret use case")
    manager = make_partner_manager(f"approver-{partner.id}", [group])
    services.decide_api_key_request(actor=Actor(username=manager.username, roles=frozenset({Role.PARTNERMANAGER}),
                                                user=manager), request_id=request.id, approve=True)
    owner = partner.owner
    return services.download_api_key(actor=Actor(username=owner.username, roles=frozenset({Role.AUTH_PARTNER}),
                                                 user=owner), partner_id=partner.id, request_id=request.id)


def _policy_manager(username, group):
    user = make_user(username, ["POLICYMANAGER"])
    ManagerGroupMapping.objects.create(user=user, policy_group=group)
    return user


@pytest.fixture
def world(banking, telecom, kyc_policy):
    """Group A (Banking): a partner holding a key on the KYC policy and one holding none.
    Group B (Telecom): its own partner, policy and key, and the managers attacking A."""
    holder = make_partner(make_user("victim-owner", ["AUTH_PARTNER"]), name="Victim Bank", group=banking,
                          partner_id="victim-01")
    keyless = make_partner(make_user("keyless-owner", ["AUTH_PARTNER"]), name="Keyless Bank", group=banking,
                           partner_id="keyless-01")
    key = _approved_key(holder, kyc_policy, banking)
    telecom_policy = PolicyFactory(policy_group=telecom, name="Telecom Policy", status=PolicyStatus.PUBLISHED)
    telecom_partner = make_partner(make_user("tel-owner", ["AUTH_PARTNER"]), name="Tel Co", group=telecom,
                                   partner_id="telco-01")
    telecom_key = _approved_key(telecom_partner, telecom_policy, telecom)
    attackers = {
        "partner manager": make_partner_manager("pm-telecom", [telecom]),
        "policy manager": _policy_manager("pol-telecom", telecom),
    }
    insiders = {
        "partner manager": make_partner_manager("pm-banking", [banking]),
        "policy manager": _policy_manager("pol-banking", banking),
    }
    return {"holder": holder, "keyless": keyless, "key": key, "policy": kyc_policy, "telecom_partner": telecom_partner,
            "telecom_policy": telecom_policy, "telecom_key": telecom_key, "attackers": attackers, "insiders": insiders}


def _comparable(answer):
    body = dict(answer.body)
    body.pop("responsetime", None)
    return answer.status, body


def _carries_nothing_of_group_a(answer, world):
    text = str(answer.body)
    for secret in ("victim-01", "Victim Bank", "keyless-01", "KYC Policy", world["policy"].id, world["key"],
                   "secret use case", "Banking"):
        assert secret not in text, (secret, answer.body)
    assert answer.body["response"] is None


@pytest.mark.parametrize("role", ["partner manager", "policy manager"])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_another_groups_partner_and_policy_answer_like_unknown_ones(world, role, prefix):
    api = PmsApi(token=token_for(world["attackers"][role]))
    policy_id = world["policy"].id
    unknown = api.get(f"{prefix}/partnerId/nobody-01/policyId/{policy_id}")
    assert unknown.error_codes == ["PMS_PRT_005"]
    for partner in ("victim-01", "keyless-01"):  # holds a key / holds none: the same answer
        attack = api.get(f"{prefix}/partnerId/{partner}/policyId/{policy_id}")
        assert _comparable(attack) == _comparable(unknown)
        _carries_nothing_of_group_a(attack, world)
    # Its own group's partner with group A's policy: as if the policy did not exist.
    own = api.get(f"{prefix}/partnerId/telco-01/policyId/{policy_id}")
    assert _comparable(own) == _comparable(api.get(f"{prefix}/partnerId/telco-01/policyId/nobody-pol"))
    _carries_nothing_of_group_a(own, world)


@pytest.mark.parametrize("role", ["partner manager", "policy manager"])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_another_groups_key_answers_like_an_unknown_key(world, role, prefix):
    api = PmsApi(token=token_for(world["attackers"][role]))
    made_up = secrets.token_urlsafe(32)
    for path in ("partnerApiKey/{}", "{}"):  # P6 and /policies/{x}, which falls back to a key
        unknown = api.get(f"{prefix}/" + path.format(made_up))
        assert unknown.error_codes == ["PMS_POL_013"]
        attack = api.get(f"{prefix}/" + path.format(world["key"]))
        assert _comparable(attack) == _comparable(unknown)
        _carries_nothing_of_group_a(attack, world)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_another_groups_policy_id_on_the_id_or_key_path_answers_like_an_unknown_value(world, prefix):
    api = PmsApi(token=token_for(world["attackers"]["policy manager"]))
    attack = api.get(f"{prefix}/{world['policy'].id}")
    assert _comparable(attack) == _comparable(api.get(f"{prefix}/nobody-pol"))
    _carries_nothing_of_group_a(attack, world)
    assert AuditEvent.objects.filter(event_key="policy.get.failure", session_user_id="pol-telecom").exists()


@pytest.mark.parametrize("role", ["partner manager", "policy manager"])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_manager_of_the_group_still_reads_its_partners_policy(world, role, prefix):
    api = PmsApi(token=token_for(world["insiders"][role]))
    policy_id = world["policy"].id
    answer = assert_ok(api.get(f"{prefix}/partnerId/victim-01/policyId/{policy_id}"))
    assert answer["policyId"] == policy_id and answer["partnerId"] == "victim-01" and answer["policies"]
    assert api.get(f"{prefix}/partnerId/keyless-01/policyId/{policy_id}").error_codes == ["PMS_PMP_017"]
    assert assert_ok(api.get(f"{prefix}/partnerApiKey/{world['key']}"))["policyId"] == policy_id
    assert assert_ok(api.get(f"{prefix}/{world['key']}"))["policyId"] == policy_id
    if role == "policy manager":
        assert assert_ok(api.get(f"{prefix}/{policy_id}"))["policyId"] == policy_id


@pytest.mark.parametrize("roles", [["ID_AUTHENTICATION"], ["REGISTRATION_PROCESSOR"], ["PARTNER_ADMIN"],
                                   ["ID_AUTHENTICATION", "PARTNERMANAGER"]])
def test_machine_clients_and_the_partner_admin_read_every_groups_keys(world, roles):
    api = PmsApi(token=token_for(make_user("reader", roles)))
    for partner, policy, key in (("victim-01", world["policy"], world["key"]),
                                 ("telco-01", world["telecom_policy"], world["telecom_key"])):
        assert assert_ok(api.get(f"{PREFIXES[1]}/partnerId/{partner}/policyId/{policy.id}"))["policyId"] == policy.id
        assert assert_ok(api.get(f"{PREFIXES[1]}/partnerApiKey/{key}"))["policyId"] == policy.id
        assert assert_ok(api.get(f"{PREFIXES[1]}/{key}"))["policyId"] == policy.id
