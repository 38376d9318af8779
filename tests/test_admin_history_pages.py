"""Every historied admin page opens: the history list and a version page of one row of
each model registered with django-simple-history's admin answer 200, read-only, and show
no stored secret. (A version page builds a form from the admin's fields; a computed
column taken for a model field once made it answer 500.)"""

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import UserConsent
from devices import services as device_services
from devices.models import FtmChipDetail
from devices.services import sbi12
from devices.tests.factories import V1, device_data, digital_id, ftp_request, mds_request, provider_request
from kernel.actors import Actor
from kernel.roles import Role
from misp import services as misp_services
from partners import services as partner_services
from partners.models import ApiKeyRequest, OidcClient, PartnerCertificate, PartnerCredentialType, TrustedCertificate
from partners.tests.factories import make_partner, make_partner_manager
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory, PolicyGroupFactory
from portal.models import PendingRegistration
from tests.support.api import PmsApi, assert_ok
from tests.support.users import make_user, token_for

pytestmark = pytest.mark.django_db

# Stored secrets (sealed values, digests, hashes) that no history page may show.
SECRET_FIELDS = ("sealed_key", "key_digest", "password_hash", "otp_digest", "secret_hash")


def _one_row_of_every_historied_model():
    group = PolicyGroupFactory(name="Banking")
    policy = PolicyFactory(policy_group=group, status=PolicyStatus.PUBLISHED)
    PolicyFactory(policy_group=group, name="A draft", status=PolicyStatus.DRAFT)  # its editor has more fields
    make_partner_manager("pm-bank", [group])
    partner = make_partner(name="Airtel", group=group, partner_id="airtel-01")
    request = ApiKeyRequest.objects.create(partner=partner, policy=policy, use_case="x")
    partner_services.decide_api_key_request(actor=Actor.system(), request_id=request.pk, approve=True)
    ApiKeyRequest.objects.create(partner=partner, policy=policy, use_case="still waiting")
    partner_services.save_partner_type(actor=Actor.system(), code="Kiosk_Partner", description="kiosks",
                                       requires_policy_group=False, role="AUTH_PARTNER", is_active=True, create=True)
    palm = device_services.save_device_type(actor=Actor.system(), code="Palm", name="Palm", description="",
                                            is_active=True, create=True)
    device_services.save_device_sub_type(actor=Actor.system(), sub_type_id=None, device_type=palm, code="Full",
                                         name="Full palm", description="", is_active=True)
    now = timezone.now()
    TrustedCertificate.objects.create(domain="AUTH", certificate_pem="-----BEGIN CERTIFICATE-----", subject="CN=Root",
                                      issuer="CN=Root", fingerprint="ab" * 32, not_before=now,
                                      not_after=now + dt.timedelta(days=365), is_root=True)
    PartnerCertificate.objects.create(partner=partner, domain="AUTH", certificate_pem="-----BEGIN CERTIFICATE-----",
                                      signed_certificate_pem="-----BEGIN CERTIFICATE-----", fingerprint="cd" * 32,
                                      not_after=now + dt.timedelta(days=365))
    PartnerCredentialType.objects.create(partner=partner, policy=policy, credential_type="auth")
    UserConsent.objects.create(user=make_user("consenting", ["AUTH_PARTNER"]), consent_given=True, consent_given_at=now)
    misp_admin = make_user("misp-admin", ["MISP_ADMIN"])
    as_misp_admin = Actor(username=misp_admin.username, roles=frozenset({Role.MISP_ADMIN}), user=misp_admin)
    misp = misp_services.create_misp(actor=as_misp_admin, name="Airtel MISP", contact_no="1", email="a@b.example",
                                     address="x")
    misp_services.decide_misp(actor=as_misp_admin, misp_id=misp.pk, approve=True)
    zonal = PmsApi(token=token_for(make_user("zonal", ["ZONAL_ADMIN"])))
    provider = assert_ok(zonal.post(f"{V1}/deviceprovider", provider_request()))
    assert_ok(zonal.post(f"{V1}/foundationaltrustprovider", ftp_request()))
    assert_ok(zonal.post(f"{V1}/mosipdeviceservice", mds_request(provider["id"])))
    assert_ok(zonal.post(f"{V1}/registereddevices", {"deviceData": device_data(digital_id(provider["id"]))}))
    ftm = make_partner(name="ChipWorks", partner_type="FTM_Provider", partner_id="chipworks")
    FtmChipDetail.objects.create(provider=ftm, make="Secure", model="SE-1", partner_org_name="ChipWorks")
    acme = make_partner(name="Acme Sensors", partner_type="Device_Provider", partner_id="acme")
    sbi = sbi12.create_sbi(actor=Actor.system(), provider_id="acme", sw_binary_hash="h", sw_version="1.0",
                           sw_created_at=now - dt.timedelta(days=3), sw_expires_at=now + dt.timedelta(days=300))
    sbi12.approve_sbi(actor=Actor.system(), sbi_id=sbi.pk)
    sbi12.add_device_to_sbi(actor=Actor.system(), sbi_id=sbi.pk, device_id=None, provider_id=acme.pk,
                            device_type="Finger", device_sub_type="Slap", make="Acme", model="FS-10")
    OidcClient.objects.create(id="client-1", name='{"@none": "Airtel login"}', partner=partner, policy=policy,
                              logo_uri="https://airtel.example/logo.png", public_key="{}")
    PendingRegistration.objects.create(organization_name="Jio", email="ops@jio.example", partner_type="Auth_Partner",
                                       contact_no="1", address="x", password_hash="pbkdf2_sha256$not-shown",
                                       otp_digest="f0" * 32, otp_sent_at=now, otp_expires_at=now)


def test_every_historied_admin_opens_its_history_and_a_version_read_only():
    _one_row_of_every_historied_model()
    root = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    browser = Client()
    browser.force_login(root)
    historied = [(model, model_admin) for model, model_admin in admin.site._registry.items()
                 if isinstance(model_admin, SimpleHistoryAdmin)]
    assert len(historied) >= 15
    for model, _ in historied:
        record = model.history.filter(**{f"{model._meta.pk.attname}__in": model._default_manager.values("pk")}).first()
        assert record is not None, f"add a {model._meta.label} row to _one_row_of_every_historied_model"
        row = model._default_manager.get(pk=getattr(record, model._meta.pk.attname))
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{row.pk}/history/"
        listing = browser.get(base)
        assert listing.status_code == 200, base
        page = browser.get(f"{base}{record.history_id}/")
        assert page.status_code == 200, f"{base}{record.history_id}/"
        body = page.content.decode()
        editable = [f.name for f in model._meta.fields if f'name="{f.name}"' in body or f'name="{f.attname}"' in body]
        assert editable == [] and 'name="_save"' not in body, (base, editable)  # nothing to revert with
        for name in SECRET_FIELDS:
            value = getattr(row, name, "")
            if value:
                assert value not in body and value not in listing.content.decode(), (base, name)
