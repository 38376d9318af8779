"""Keys made before ``key_hint`` existed get it from the migrations that add it (partners
0009, misp 0002): each key opened once, in chunks, its history rows given the same hint;
with no key nothing is opened. Runs on SQLite and PostgreSQL alike."""

import datetime as dt
import secrets
from unittest import mock

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from kernel.actors import Actor
from kernel.roles import Role
from kernel.secrets import SecretBox, secret_box
from tests.support.users import make_user

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("partners", "0008_model_names_read_as_words"), ("misp", "0001_initial")]
MANY = 1203  # more than two of the migration's chunks


def migrate(targets=None):
    """Migrate partners and misp to ``targets`` (default: every app's latest, since going back
    also unapplies the migrations of other apps that depend on them, such as the 1.2 device
    tables); the project state at the targets."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def keys_through_the_services():
    """A partner API key and a license key made as in production (with their history rows);
    their clear values by key id."""
    from misp import services as misp_services
    from partners import services as partner_services
    from partners.models import ApiKeyRequest
    from partners.tests.factories import make_partner
    from policies.models import PolicyStatus
    from policies.tests.factories import PolicyFactory, PolicyGroupFactory

    policy = PolicyFactory(policy_group=PolicyGroupFactory(name="Banking"), status=PolicyStatus.PUBLISHED)
    partner = make_partner(group=policy.policy_group)
    request = ApiKeyRequest.objects.create(partner=partner, policy=policy, use_case="x")
    partner_services.decide_api_key_request(actor=Actor.system(), request_id=request.pk, approve=True)
    admin = make_user("misp-admin", ["MISP_ADMIN"])
    actor = Actor(username=admin.username, roles=frozenset({Role.MISP_ADMIN}), user=admin)
    misp = misp_services.create_misp(actor=actor, name="Airtel MISP", contact_no="1", email="a@b.example", address="x")
    _, _, license_value = misp_services.decide_misp(actor=actor, misp_id=misp.pk, approve=True)
    request = ApiKeyRequest.objects.get(pk=request.pk)
    made = {request.api_key.pk: partner_services.api_key_value(request), misp.license_keys.get().pk: license_value}
    return partner, policy, misp, made


def old_keys(apps, partner, policy, misp) -> dict[str, str]:
    """MANY keys of each kind written at the state before ``key_hint``; their values by id."""
    box, now = secret_box(), timezone.now()
    OldRequest, OldApiKey = apps.get_model("partners", "ApiKeyRequest"), apps.get_model("partners", "PartnerApiKey")
    OldLicense = apps.get_model("misp", "LicenseKey")
    requests = OldRequest.objects.bulk_create(
        [OldRequest(partner_id=partner.pk, policy_id=policy.pk, use_case="x", status="approved") for _ in range(MANY)])
    values, api_keys, licenses = {}, [], []
    for index, request in enumerate(requests):
        value, license_value = secrets.token_urlsafe(16), f"L{index:04d}{secrets.token_hex(8)}"
        api_keys.append(OldApiKey(request_id=request.pk, partner_id=partner.pk, policy_id=policy.pk,
                                  sealed_key=box.seal(value), key_digest=box.digest(value), valid_from=now,
                                  valid_to=now + dt.timedelta(days=30)))
        licenses.append(OldLicense(misp_id=misp.pk, sealed_key=box.seal(license_value),
                                   key_digest=box.digest(license_value), valid_from=now,
                                   valid_to=now + dt.timedelta(days=30)))
        values[api_keys[-1].id], values[licenses[-1].id] = value, license_value
    OldApiKey.objects.bulk_create(api_keys)
    OldLicense.objects.bulk_create(licenses)
    # The history of a license key deleted since: no key left to take a hint from.
    apps.get_model("misp", "HistoricalLicenseKey").objects.create(
        id="gone", misp_id=misp.pk, key_digest="0" * 64, valid_from=now, valid_to=now, is_active=False,
        created_at=now, updated_at=now, history_date=now, history_type="-")
    return values


def test_existing_keys_get_their_last_four_characters_each_key_opened_once():
    from misp.models import LicenseKey
    from partners.models import PartnerApiKey

    partner, policy, misp, made = keys_through_the_services()
    old = old_keys(migrate(BEFORE), partner, policy, misp)

    opened = []
    real_open = SecretBox.open
    with mock.patch.object(SecretBox, "open", autospec=True,
                           side_effect=lambda box, sealed: opened.append(sealed) or real_open(box, sealed)):
        migrate()

    keys = {**{k.pk: k for k in PartnerApiKey.objects.all()}, **{k.pk: k for k in LicenseKey.objects.all()}}
    assert len(keys) == 2 * MANY + 2 and len(opened) == len(set(opened)) == len(keys)  # each key once
    values = {**old, **made}
    assert {pk: key.key_hint for pk, key in keys.items()} == {pk: value[-4:] for pk, value in values.items()}
    assert all(key.masked() == "••••" + values[pk][-4:] for pk, key in keys.items())
    for pk, value in made.items():
        history = keys[pk].history.all()
        assert history.exists() and {row.key_hint for row in history} == {value[-4:]}
    assert LicenseKey.history.model.objects.get(id="gone").key_hint == ""


def test_with_no_key_the_migrations_open_nothing():
    from partners.models import PartnerApiKey

    migrate(BEFORE)
    with mock.patch.object(SecretBox, "open", side_effect=AssertionError("a key was opened")):
        migrate()
    assert not PartnerApiKey.objects.exists()
