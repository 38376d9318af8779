import re

import pytest
from django.test import Client

from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory, PolicyGroupFactory

STRONG = "Blue-Harbour-Lantern-42"


@pytest.fixture(autouse=True)
def _clear_cache():
    # Login lock-out counters live in the cache (the database table): start each test clean.
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def banking(db):
    return PolicyGroupFactory(name="Banking")


@pytest.fixture
def kyc_policy(banking):
    return PolicyFactory(policy_group=banking, name="KYC Policy", status=PolicyStatus.PUBLISHED)


@pytest.fixture
def visitor():
    return Client()


def registration_form(**overrides):
    data = {"partner_type": "Auth_Partner", "organization_name": "Airtel India", "email": "ops@airtel.example",
            "policy_group": "Banking", "contact_no": "+91 98450 00000", "address": "Bengaluru",
            "password1": STRONG, "password2": STRONG}
    data.update(overrides)
    return data


def code_in(message) -> str:
    found = re.search(r"\b(\d{6})\b", message.body)
    assert found, message.body
    return found.group(1)


def register(client, **overrides):
    return client.post("/portal/register/", registration_form(**overrides))
