"""Request parsing and answers of the MISP service (catalog §6.2): every spelling in."""

from rest_framework import serializers

from kernel.serializers import MosipRequestSerializer, StrictCharField


class MispCreateRequest(MosipRequestSerializer):
    organizationName = StrictCharField(max_length=128)
    contactNumber = StrictCharField(max_length=16)
    emailId = StrictCharField(max_length=256)
    address = StrictCharField(max_length=2000)
    aliases = {"organizationName": ["name"], "emailId": ["emailID", "email"], "contactNumber": ["contactNo"]}


class MispUpdateRequest(MosipRequestSerializer):
    organizationName = StrictCharField(max_length=128, required=False, allow_blank=True, allow_null=True)
    contactNumber = StrictCharField(max_length=16, required=False, allow_blank=True, allow_null=True)
    emailId = StrictCharField(max_length=256, required=False, allow_blank=True, allow_null=True)
    address = StrictCharField(max_length=2000, required=False, allow_blank=True, allow_null=True)
    aliases = MispCreateRequest.aliases


class MispStatusRequest(MosipRequestSerializer):
    mispStatus = StrictCharField(max_length=32)
    aliases = {"mispStatus": ["msipStatus", "status"]}


class LicenseValidateRequest(MosipRequestSerializer):
    mispLicenseKey = StrictCharField(max_length=256)
    aliases = {"mispLicenseKey": ["licenseKey"]}


class LicenseStatusRequest(MosipRequestSerializer):
    mispLicenseKey = StrictCharField(max_length=256)
    mispLicenseKeyStatus = StrictCharField(max_length=32, required=False, allow_null=True)
    mispStatus = StrictCharField(max_length=32, required=False, allow_null=True)
    aliases = {"mispLicenseKey": ["licenseKey"], "mispLicenseKeyStatus": ["licenseKeyStatus"]}


class MispOut(serializers.Serializer):
    id = serializers.CharField()
    mispID = serializers.CharField(source="id")
    organizationName = serializers.CharField(source="name")
    name = serializers.CharField()
    contactNumber = serializers.CharField(source="contact_no")
    emailID = serializers.CharField(source="email")
    emailId = serializers.CharField(source="email")
    address = serializers.CharField()
    status = serializers.SerializerMethodField()
    mispStatus = serializers.SerializerMethodField()
    mispStatusCode = serializers.CharField(source="approval_status")

    def get_status(self, misp) -> str:
        return "Active" if misp.is_active else "De-Active"

    def get_mispStatus(self, misp) -> str:
        return self.get_status(misp)
