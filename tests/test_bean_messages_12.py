"""MOSIP 1.2's bean-validation texts per DTO (kernel.serializers.BeanMessages), over HTTP on
every 1.2 body route of the partner service (partners, keys, certificates, extractors, MISP
licenses) and the policy service: for a representative field of each DTO, a missing value
answers ``value is empty or null`` and a too long one the DTO's length text, as
``PMS_COR_001`` with the field path, HTTP 200, in the service's V1 error envelope; nothing
is written. DTOs that declare no text keep Hibernate Validator's defaults."""

from __future__ import annotations

import pytest
from rest_framework import serializers

from kernel.roles import Role
from kernel.serializers import PARTNER_DTO, POLICY_DTO, MosipRequestSerializer, StrictCharField
from partners.models import Partner
from policies.models import PolicyGroup
from tests.support.api import PmsApi
from tests.support.users import make_user, token_for

pytestmark = pytest.mark.django_db

PM12 = "/v1/partnermanager"
POL12 = "/v1/policymanager"
PARTNER_LENGTH = "Length should be between 1 and {max} chars"
POLICY_LENGTH = "Length should be in between 1 and {max} chars"
NOT_NULL_ONLY = ("PartnerPolicyMappingRequest", "PartnerAPIKeyToPolicyMappingsRequestDto")
V1_KEYS = ["id", "version", "responsetime", "metadata", "response", "errors"]
V1_POLICY_KEYS = ["id", "version", "responsetime", "response", "errors"]

PARTNER = {"partnerId": "p-1", "policyGroup": "Banking", "organizationName": "Org", "address": "Addr",
           "contactNumber": "9845000000", "emailId": "ops@example.org", "partnerType": "Auth_Partner"}
POLICY = {"policyGroupName": "Banking", "policyType": "Auth", "name": "n", "desc": "d", "version": "1.0",
          "policies": {}}

# (DTO, method, path, a valid body, the representative field, its maximum, the length text)
CASES = [
    ("PartnerRequest (R1)", "post", f"{PM12}/partners", PARTNER, "organizationName", 128, PARTNER_LENGTH),
    ("PartnerRequestDto (R2)", "post", f"{PM12}/partners/v2", PARTNER, "address", 2000, PARTNER_LENGTH),
    ("PartnerUpdateRequest (R3)", "put", f"{PM12}/partners/p-1", {"address": "a", "contactNumber": "1"},
     "contactNumber", 16, PARTNER_LENGTH),
    ("PartnerUpdateDto (R4)", "put", f"{PM12}/partners/v2/p-1", {"address": "a", "contactNumber": "1"},
     "address", 2000, PARTNER_LENGTH),
    ("AddContactRequestDto (R6)", "post", f"{PM12}/partners/p-1/contact/add",
     {"address": "a", "contactNumber": "1", "emailId": "a@b.org", "is_Active": True}, "emailId", 254, PARTNER_LENGTH),
    ("EmailVerificationRequestDto (R7)", "put", f"{PM12}/partners/email/verify", {"emailId": "a@b.org"},
     "emailId", 254, PARTNER_LENGTH),
    ("CACertificateRequestDto (R13)", "post", f"{PM12}/partners/certificate/ca/upload",
     {"certificateData": "x", "partnerDomain": "AUTH"}, "partnerDomain", 16, PARTNER_LENGTH),
    ("PartnerCertificateUploadRequestDto (R14)", "post", f"{PM12}/partners/certificate/upload",
     {"partnerId": "p-1", "certificateData": "x", "partnerDomain": "AUTH"}, "partnerId", 64, PARTNER_LENGTH),
    ("PartnerPolicyMappingRequest (R20)", "post", f"{PM12}/partners/p-1/policy/map",
     {"policyName": "p", "useCaseDescription": "u"}, "policyName", 128, PARTNER_LENGTH),
    ("PartnerPolicyResponseDto status (R21)", "put", f"{PM12}/partners/policy/123", {"status": "approved"},
     "status", None, PARTNER_LENGTH),
    ("APIKeyGenerateRequestDto (R22)", "patch", f"{PM12}/partners/p-1/generate/apikey",
     {"policyName": "p", "label": "l"}, "label", 36, PARTNER_LENGTH),
    ("APIkeyStatusUpdateRequestDto (R23)", "patch", f"{PM12}/partners/p-1/policy/pol-1/apiKey/status",
     {"label": "l", "status": "Active"}, "label", 36, PARTNER_LENGTH),
    ("PartnerAPIKeyToPolicyMappingsRequestDto (R30)", "put", f"{PM12}/partners/p-1/apikey/k-1/policies",
     {"oldPolicyID": "a", "newPolicyID": "b"}, "newPolicyID", 36, PARTNER_LENGTH),
    ("StatusRequestDto (R40)", "patch", f"{PM12}/partners/p-1", {"status": "Active"}, "status", 32, PARTNER_LENGTH),
    ("MISPLicenseRequestDto (R64)", "post", f"{PM12}/misps", {"providerId": "p-1"}, "providerId", 36,
     PARTNER_LENGTH),
    ("PolicyGroupCreateRequestDto (R43)", "post", f"{POL12}/policies/group/new", {"name": "n", "desc": "d"},
     "name", 128, POLICY_LENGTH),
    ("PolicyGroupUpdateRequestDto (R44)", "put", f"{POL12}/policies/group/g-1",
     {"name": "n", "desc": "d", "isActive": True}, "desc", 256, POLICY_LENGTH),
    ("PolicyCreateRequestDto (R51)", "post", f"{POL12}/policies", POLICY, "name", 128, POLICY_LENGTH),
    ("PolicyUpdateRequestDto (R52)", "put", f"{POL12}/policies/pol-1",
     {k: v for k, v in POLICY.items() if k != "policyType"}, "version", 16, POLICY_LENGTH),
]


@pytest.fixture
def api(db):
    user = make_user("everyone", [role for role in Role])
    return PmsApi(token=token_for(user))


def _without(body, field):
    return {k: v for k, v in body.items() if k != field}


@pytest.mark.parametrize("dto, method, path, body, field, maximum, length", CASES, ids=[c[0] for c in CASES])
def test_missing_blank_and_too_long_answer_the_dtos_texts(api, dto, method, path, body, field, maximum, length):
    partners, groups = Partner.objects.count(), PolicyGroup.objects.count()
    keys = V1_POLICY_KEYS if path.startswith(POL12) else V1_KEYS
    sent_values = [("missing", _without(body, field)), ("null", {**body, field: None})]
    if not dto.startswith(NOT_NULL_ONLY):  # @NotNull: a blank text passes to the service
        sent_values.append(("blank", {**body, field: "  "}))
    if maximum is not None:
        sent_values.append(("too long", {**body, field: "x" * (maximum + 1)}))
    for what, sent in sent_values:
        answer = getattr(api, method)(path, sent)
        assert answer.status == 200, (dto, what, answer.status, answer.body)
        assert list(answer.body) == keys, (dto, what, answer.body)
        assert answer.body["response"] is None
        text = length.format(max=maximum) if what == "too long" else "value is empty or null"
        assert answer.body["errors"] == [{"errorCode": "PMS_COR_001",
                                          "message": f"Invalid request parameter - {text} :request.{field}"}], (dto, what)
    assert (Partner.objects.count(), PolicyGroup.objects.count()) == (partners, groups)


def test_a_nested_dto_reports_its_own_texts_with_the_path(api):
    extractor = {"attributeName": "photo", "biometric": "face", "extractor": {"provider": "p", "version": "1"}}
    missing = api.post(f"{PM12}/partners/p-1/bioextractors/pol-1", {"extractors": [_without(extractor, "biometric")]})
    assert missing.body["errors"][0]["message"] == (
        "Invalid request parameter - value is empty or null :request.extractors[0].biometric")
    long_provider = {**extractor, "extractor": {"provider": "x" * 129, "version": "1"}}
    too_long = api.post(f"{PM12}/partners/p-1/bioextractors/pol-1", {"extractors": [long_provider]})
    assert too_long.body["errors"][0]["message"] == (
        "Invalid request parameter - Length should be between 1 and 128 chars :request.extractors[0].extractor.provider")


def test_the_dtos_without_declared_texts_keep_hibernates_defaults(api):
    # R110's user DTO declares its own text for userName only, none for the others
    answer = api.post(f"{PM12}/users", {"userName": "u1", "contactNo": "1"})
    assert answer.body["errors"][0]["message"] == "Invalid request parameter - must not be blank :request.emailID"
    # a policy search body's policy type (the paging and search shapes) likewise
    answer = api.post(f"{POL12}/policies/search", {"filters": [], "sort": [], "pagination": {"pageStart": 0,
                                                                                          "pageFetch": 10}})
    assert answer.body["errors"][0]["message"] == "Invalid request parameter - must not be null :request.policyType"


class _Plain(MosipRequestSerializer):
    name = StrictCharField(max_length=4)


class _Partner(_Plain):
    bean_messages = PARTNER_DTO
    own = StrictCharField(max_length=4, error_messages={"required": "mine", "max_length": "too long, mine"})


class _Policy(MosipRequestSerializer):
    bean_messages = POLICY_DTO
    name = serializers.CharField(max_length=4)
    flag = serializers.BooleanField()


def test_the_mechanism_is_opt_in_and_a_fields_own_texts_win():
    plain = _Plain(data={"name": "toolong"})
    assert not plain.is_valid()
    assert "4" in str(plain.errors["name"][0]) and "Length" not in str(plain.errors["name"][0])  # DRF's own, unchanged
    assert _Plain(data={}).is_valid() is False and str(_Plain(data={}).fields["name"].error_messages["required"]) != (
        "value is empty or null")
    partner = _Partner(data={"name": "toolong", "own": "toolong"})
    assert not partner.is_valid()
    assert partner.errors["name"] == ["Length should be between 1 and 4 chars"]
    assert partner.errors["own"] == ["too long, mine"]
    partner = _Partner(data={})
    assert not partner.is_valid()
    assert (partner.errors["name"], partner.errors["own"]) == (["value is empty or null"], ["mine"])
    policy = _Policy(data={"name": "toolong"})
    assert not policy.is_valid()
    assert policy.errors["name"] == ["Length should be in between 1 and 4 chars"]
    assert str(policy.errors["flag"][0]) == "This field is required."  # not a text: Hibernate's default later
    # the declarations themselves are untouched: another serializer of the same field class is not styled
    assert "Length" not in str(_Plain(data={"name": "toolong"}).fields["name"].error_messages["max_length"])
