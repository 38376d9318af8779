"""MOSIP 1.2's decisions and key generation raced (PostgreSQL row locks): R21 decides a
request once, R22 makes one key per label, and a 1.0 approval racing R21 leaves one
decision."""

import pytest

from kernel.actors import Actor
from kernel.errors import PmsError
from kernel.roles import Role
from partners import services
from partners.models import ApiKeyRequest, PartnerApiKey, RequestStatus
from partners.services import mapping
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory, PolicyGroupFactory
from tests.support.api import run_together
from tests.support.users import make_user

from .factories import make_partner

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _actor(name, role="PARTNER_ADMIN", user=None):
    return Actor(username=name, roles=frozenset({Role(role)}), user=user or make_user(name, [role]))


def _request(status=RequestStatus.IN_PROGRESS):
    group = PolicyGroupFactory(name="Banking")
    policy = PolicyFactory(policy_group=group, name="KYC Policy", status=PolicyStatus.PUBLISHED)
    owner = make_user("airtel", ["AUTH_PARTNER"])
    partner = make_partner(owner, group=group, partner_id="airtel-01")
    return ApiKeyRequest.objects.create(partner=partner, policy=policy, use_case="x", status=status), owner


def test_r21_racing_the_10_approval_leaves_one_decision():
    request, _owner = _request()
    outcomes = run_together(
        lambda: mapping.decide_policy_mapping(actor=_actor("m1"), mapping_id=request.id, status="rejected"),
        lambda: services.decide_api_key_request(actor=_actor("m2"), request_id=request.id, approve=True),
    )
    assert len([o for o in outcomes if isinstance(o, PmsError)]) == 1
    final = ApiKeyRequest.objects.get(pk=request.id).status
    assert PartnerApiKey.objects.count() == (1 if final == RequestStatus.APPROVED else 0)


def test_two_r22_calls_with_one_label_make_one_key():
    request, owner = _request(RequestStatus.APPROVED)
    actor = _actor("airtel", "AUTH_PARTNER", owner)
    outcomes = run_together(*(lambda: mapping.generate_api_key(actor=actor, partner_id="airtel-01",
                                                               policy_name="KYC Policy", label=" Prod ")
                              for _ in range(2)))
    errors = [o for o in outcomes if isinstance(o, PmsError)]
    assert [e.code for e in errors] == ["PMS_PRT_110"]
    assert PartnerApiKey.objects.filter(request=request).count() == 1
