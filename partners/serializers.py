"""Request parsing and answers of the partner services (catalog §8-9, SPEC §9.11).
Requests accept every spelling the catalog lists; answers carry the documented names."""

from rest_framework import serializers

from kernel.serializers import MosipRequestSerializer, MosipTimeField, StrictBooleanField, StrictCharField

from .models import RequestStatus


class PartnerRegisterRequest(MosipRequestSerializer):
    organizationName = StrictCharField(max_length=128)
    contactNumber = StrictCharField(max_length=64)
    emailId = StrictCharField(max_length=254)
    address = StrictCharField(max_length=2000)
    policyGroup = StrictCharField(max_length=128, required=False, allow_blank=True, allow_null=True)
    partnerId = StrictCharField(max_length=64, required=False, allow_blank=True, allow_null=True)
    partnerType = StrictCharField(max_length=64, required=False, allow_blank=True, allow_null=True)
    aliases = {"organizationName": ["name"], "emailId": ["emailID", "email"], "contactNumber": ["contactNo"],
               "policyGroup": ["policyGroupName"], "partnerId": ["partnerID"]}


class PartnerUpdateRequest(MosipRequestSerializer):
    organizationName = StrictCharField(max_length=128)
    contactNumber = StrictCharField(max_length=64)
    emailId = StrictCharField(max_length=254)
    address = StrictCharField(max_length=2000)
    aliases = PartnerRegisterRequest.aliases


class StatusRequest(MosipRequestSerializer):
    status = StrictCharField(max_length=32)


class ApiKeyRequestCreate(MosipRequestSerializer):
    policyName = StrictCharField(max_length=128)
    useCaseDescription = StrictCharField(max_length=4000)
    aliases = {"useCaseDescription": ["useCase", "description"]}


class KeyRemapRequest(MosipRequestSerializer):
    oldPolicyID = StrictCharField(max_length=36)
    newPolicyID = StrictCharField(max_length=36)
    aliases = {"oldPolicyID": ["oldPolicyId"], "newPolicyID": ["newPolicyId"]}


class ContactRequest(MosipRequestSerializer):
    emailId = StrictCharField(max_length=254)
    contactNo = StrictCharField(max_length=64)
    address = StrictCharField(max_length=2000)
    is_Active = StrictBooleanField(required=False, allow_null=True)
    aliases = {"emailId": ["emailID", "email"], "contactNo": ["contactNumber"], "is_Active": ["isActive", "active"]}


class CACertificateUpload(MosipRequestSerializer):
    certificateData = StrictCharField(max_length=65536, trim_whitespace=False)
    partnerDomain = StrictCharField(max_length=16)


class PartnerCertificateUpload(MosipRequestSerializer):
    certificateData = StrictCharField(max_length=65536, trim_whitespace=False)
    partnerDomain = StrictCharField(max_length=16)
    partnerId = StrictCharField(max_length=64)
    organizationName = StrictCharField(max_length=128, required=False, allow_blank=True, allow_null=True)
    partnerType = StrictCharField(max_length=64, required=False, allow_blank=True, allow_null=True)


class LegacyCertificateRequest(MosipRequestSerializer):
    """PS4/PS6 (1.0): the certificate alone; the partner is the caller's only one unless named."""

    partnerCertificate = StrictCharField(max_length=65536, trim_whitespace=False)
    partnerId = StrictCharField(max_length=64, required=False, allow_blank=True, allow_null=True)
    partnerDomain = StrictCharField(max_length=16, required=False, allow_blank=True, allow_null=True)
    aliases = {"partnerCertificate": ["certificateData"]}


class ExtractorsRequest(MosipRequestSerializer):
    extractors = serializers.ListField(child=serializers.DictField(), allow_empty=True, max_length=100)


class ExtractorOut(serializers.Serializer):
    attributeName = serializers.CharField(source="attribute_name")
    biometric = serializers.CharField()
    extractor = serializers.SerializerMethodField()

    def get_extractor(self, row) -> dict:
        return {"provider": row.provider, "version": row.version}


class ContactOut(serializers.Serializer):
    emailId = serializers.CharField(source="email")
    contactNo = serializers.CharField(source="contact_no")
    address = serializers.CharField()
    is_Active = serializers.BooleanField(source="is_active")


class PartnerOut(serializers.Serializer):
    partnerID = serializers.CharField(source="id")
    partnerId = serializers.CharField(source="id")
    status = serializers.SerializerMethodField()
    organizationName = serializers.CharField(source="name")
    contactNumber = serializers.CharField(source="contact_no")
    emailID = serializers.CharField(source="email")
    emailId = serializers.CharField(source="email")
    address = serializers.CharField()
    partnerType = serializers.CharField(source="partner_type_id")
    policyGroup = serializers.CharField(source="policy_group.name", default=None)
    policyGroupId = serializers.CharField(source="policy_group_id", default=None)
    contacts = ContactOut(many=True, source="contacts.all")

    def get_status(self, partner) -> str:
        return "Active" if partner.is_active else "De-Active"


def request_status(request) -> str:
    return RequestStatus(request.status).label


class ApiKeyRequestForPartnerOut(serializers.Serializer):
    """PS8/PS9 item (SPEC §9.11). ``partnerApiKey`` is always present: the clear key of an
    approved request when the reader owns the partner, else null (not approved yet, or read
    by someone acting for the partner who is not its owner, e.g. PARTNER_ADMIN). Such a
    reader still sees that a key exists: status ``Approved`` and its ``validityTill``.
    The values come from ``services.read_api_key_requests`` (context ``keys``)."""

    apiKeyReqID = serializers.CharField(source="id")
    apiKeyRequestStatus = serializers.SerializerMethodField()
    partnerApiKey = serializers.SerializerMethodField()
    validityTill = serializers.SerializerMethodField()
    policyId = serializers.CharField(source="policy_id")
    policyName = serializers.CharField(source="policy.name")

    def get_apiKeyRequestStatus(self, request) -> str:
        return request_status(request)

    def get_partnerApiKey(self, request) -> str | None:
        return self.context.get("keys", {}).get(request.id)

    def get_validityTill(self, request) -> str | None:
        key = getattr(request, "api_key", None)
        return MosipTimeField().to_representation(key.valid_to) if key is not None else None


class ApiKeyRequestForManagerOut(serializers.Serializer):
    """PM8/PM9 item: never the key itself."""

    apiKeyReqNo = serializers.CharField(source="id")
    apiKeyReqID = serializers.CharField(source="id")
    partnerID = serializers.CharField(source="partner_id")
    organizationName = serializers.CharField(source="partner.name")
    policyId = serializers.CharField(source="policy_id")
    policyName = serializers.CharField(source="policy.name")
    policyDesc = serializers.CharField(source="policy.description")
    useCaseDescription = serializers.CharField(source="use_case")
    status = serializers.SerializerMethodField()

    def get_status(self, request) -> str:
        return request_status(request)
