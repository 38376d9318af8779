"""PM12: each check in MOSIP's order with its own code (catalog §8.2)."""

import datetime as dt

import pytest
from django.utils import timezone

from kernel.actors import Actor
from kernel.roles import Role
from misp import services as misp_services
from misp.models import LicenseKey, Misp
from partners import services as partner_services
from partners.models import ApiKeyRequest, PartnerApiKey
from partners.tests.factories import make_partner
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory, PolicyGroupFactory
from tests.support.api import PmsApi, assert_ok
from tests.support.users import AUTHENTICATION_QUERIES, make_user, token_for

pytestmark = pytest.mark.django_db

PM12 = "/partnermanagement/v1/pmpartners/pmpartners/validatePartnerMisp/partnerId/{p}/partnerApiKey/{k}/mispLicenseKey/{m}"


@pytest.fixture
def world():
    admin = Actor(username="root", roles=frozenset({Role.PARTNER_ADMIN}), user=make_user("root", ["PARTNER_ADMIN"]))
    group = PolicyGroupFactory(name="Banking")
    policy = PolicyFactory(policy_group=group, status=PolicyStatus.PUBLISHED)
    owner = make_user("airtel", ["AUTH_PARTNER"])
    partner = make_partner(owner, group=group, partner_id="airtel-01")
    request = ApiKeyRequest.objects.create(partner=partner, policy=policy, use_case="x")
    partner_services.decide_api_key_request(actor=admin, request_id=request.id, approve=True)
    owner_actor = Actor(username="airtel", roles=frozenset({Role.AUTH_PARTNER}), user=owner)
    api_key = partner_services.download_api_key(actor=owner_actor, partner_id=partner.id, request_id=request.id)
    misp = misp_services.create_misp(actor=admin, name="Telecom MISP", contact_no="1", email="a@b.example", address="x")
    _misp, _key, license_key = misp_services.decide_misp(actor=admin, misp_id=misp.id, approve=True)
    ida = PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"])))
    return {"partner": partner, "api_key": api_key, "license": license_key, "ida": ida, "policy": policy, "group": group,
            "misp": misp}


def call(world, partner_id=None, api_key=None, license_key=None):
    url = PM12.format(p=partner_id or world["partner"].id, k=api_key or world["api_key"], m=license_key or world["license"])
    return world["ida"].get(url)


def test_a_valid_partner_key_and_license_answer_the_policy(world):
    answer = assert_ok(call(world))
    assert answer["policyId"] == world["policy"].id and answer["partnerId"] == "airtel-01" and answer["policyStatus"]


def _expire(model):
    row = model.objects.get()
    row.valid_to = timezone.now() - dt.timedelta(days=1)
    row.save()


@pytest.mark.parametrize("breakage,code", [
    (lambda w: None, None),
    (lambda w: {"license_key": "x" * 50}, "PMS_PMP_020"),
    (lambda w: LicenseKey.objects.update(is_active=False), "PMS_PMP_025"),
    (lambda w: _expire(LicenseKey), "PMS_PMP_021"),
    (lambda w: Misp.objects.filter(pk=w["misp"].pk).update(is_active=False), "PMS_PMP_025"),
    (lambda w: {"partner_id": "nobody"}, "PMS_PMP_013"),
    (lambda w: w["partner"].__class__.objects.filter(pk="airtel-01").update(is_active=False), "PMS_PMP_016"),
    (lambda w: {"api_key": "not-the-key"}, "PMS_PMP_017"),
    (lambda w: PartnerApiKey.objects.update(is_active=False), "PMS_PMP_019"),
    (lambda w: _expire(PartnerApiKey), "PMS_PMP_018"),
    (lambda w: w["policy"].__class__.objects.filter(pk=w["policy"].pk).update(status=PolicyStatus.DEACTIVATED),
     "PMS_PMP_019"),
    (lambda w: w["group"].__class__.objects.filter(pk=w["group"].pk).update(is_active=False), "PMS_PMP_023"),
])
def test_each_check_has_its_code(world, breakage, code):
    overrides = breakage(world)
    answer = call(world, **(overrides if isinstance(overrides, dict) else {}))
    if code is None:
        assert_ok(answer)
    else:
        assert answer.error_codes == [code]
    assert world["api_key"] not in str(answer.body) and world["license"] not in str(answer.body)


@pytest.mark.parametrize("role", ["PARTNER_ADMIN", "MISP_ADMIN", "PARTNERMANAGER", "AUTH_PARTNER"])
def test_only_id_authentication_may_ask(world, role):
    api = PmsApi(token=token_for(make_user(f"u-{role}", [role])))
    url = PM12.format(p="airtel-01", k=world["api_key"], m=world["license"])
    expected = 200 if role == "PARTNER_ADMIN" else 403
    assert api.get(url).status == expected


@pytest.mark.parametrize("extra_keys", [0, 5])
def test_a_valid_answer_runs_a_fixed_number_of_queries(world, extra_keys):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.support.audit import AUDIT_WRITE_QUERIES

    for n in range(extra_keys):  # more partners and keys change nothing
        make_partner(name=f"Other {n}", group=world["group"], partner_id=f"other-{n}")
    with CaptureQueriesContext(connection) as ctx:
        assert_ok(call(world))
    # 1 to authenticate; the license with its MISP; the key with its partner, policy and group
    assert len(ctx.captured_queries) == AUTHENTICATION_QUERIES + 2 + AUDIT_WRITE_QUERIES, [q["sql"][:80] for q in ctx.captured_queries]
