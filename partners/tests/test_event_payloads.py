"""The WebSub payload objects of MOSIP 1.2 (1.2 catalog §17.1): their keys and values."""

import datetime as dt

import pytest
from django.utils import timezone

from partners.events import api_key_data, partner_data
from partners.models import PartnerApiKey, PartnerCertificate
from policies.events import policy_data
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory, PolicyGroupFactory

from .factories import make_partner

pytestmark = pytest.mark.django_db


def test_partner_data_carries_the_current_signed_certificate_and_status():
    partner = make_partner()
    assert partner_data(partner) == {"partnerId": partner.id, "partnerName": "Airtel India",
                                     "certificateData": None, "partnerStatus": "ACTIVE"}
    now = timezone.now()
    for pem, age in (("OLD", 2), ("NEW", 1)):
        PartnerCertificate.objects.create(partner=partner, domain="AUTH", certificate_pem="x", signed_certificate_pem=pem,
                                          fingerprint=pem, not_after=now + dt.timedelta(days=30),
                                          created_at=now - dt.timedelta(days=age), updated_at=now)
    partner.is_active = False
    assert partner_data(partner)["certificateData"] == "NEW"
    assert partner_data(partner)["partnerStatus"] == "DEACTIVE"


def test_policy_data_is_active_only_while_published():
    policy = PolicyFactory(policy_group=PolicyGroupFactory(), status=PolicyStatus.DRAFT)
    data = policy_data(policy)
    assert set(data) == {"policyId", "policy", "policyName", "policyStatus", "policyDescription",
                         "policyCommenceOn", "policyExpiresOn"}
    assert data["policyStatus"] == "DEACTIVE" and data["policy"] == policy.document
    policy.status = PolicyStatus.PUBLISHED
    assert policy_data(policy)["policyStatus"] == "ACTIVE"


def test_api_key_data_names_the_key_and_its_validity():
    now = timezone.now()
    key = PartnerApiKey(valid_from=now, valid_to=now + dt.timedelta(days=1), is_active=False)
    data = api_key_data(key, "secret-value")
    assert data["apiKeyId"] == "secret-value" and data["apiKeyStatus"] == "DEACTIVE"
    assert data["apiKeyCommenceOn"].endswith("Z") and data["apiKeyExpiresOn"] > data["apiKeyCommenceOn"]
