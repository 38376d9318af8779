"""Request parsing and answers of the MISP service (catalog §6.2): every spelling in,
each operation's answer typed (the OpenAPI schema shows and the tests check them)."""

from rest_framework import serializers

from kernel.envelope import format_time
from kernel.serializers import MosipRequestSerializer, StrictCharField

from .selectors import current_license_key


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


class MispWithKeyOut(MispOut):
    """M8/M9: the details and the MISP's current key in clear (MISP admins only, SPEC
    §9.14); the three key fields are null while it has no active key."""

    licenseKey = serializers.SerializerMethodField()
    licenseKeyExpiry = serializers.SerializerMethodField()
    licenseKeyStatus = serializers.SerializerMethodField()

    def get_licenseKey(self, misp) -> str | None:
        key = current_license_key(misp)
        return key.reveal() if key else None

    def get_licenseKeyExpiry(self, misp) -> str | None:
        key = current_license_key(misp)
        return format_time(key.valid_to) if key else None

    def get_licenseKeyStatus(self, misp) -> str | None:
        return "Active" if current_license_key(misp) else None


# M9 (and M8/M9 by name): the MISPs keyed by organization name (catalog §6.2 M9).
MispsByNameOut = serializers.DictField(child=MispWithKeyOut())


class MispPageOut(serializers.Serializer):
    """M7: a page of MISPs (no key values)."""

    mispDetails = MispOut(many=True)


class MispCreatedOut(serializers.Serializer):
    """M1 ([S1], [C]; ``mispId`` too, as [D] spells it)."""

    mispStatus = serializers.CharField()
    mispID = serializers.CharField()
    mispId = serializers.CharField()


class MispDecisionOut(serializers.Serializer):
    """M2: the MISP's state after the decision; an approval adds its new license key, in
    clear, its expiry and status (the only answer that carries a new key)."""

    mispID = serializers.CharField()
    mispStatus = serializers.CharField()
    mispStatusCode = serializers.CharField()
    message = serializers.CharField()
    mispLicenseKey = serializers.CharField(required=False)
    mispLicenseKeyExpiry = serializers.CharField(required=False, help_text="yyyy-MM-ddTHH:mm:ss.SSSZ (UTC)")
    mispLicenseKeyStatus = serializers.CharField(required=False)


class MessageOut(serializers.Serializer):
    message = serializers.CharField()


class LicenseValidOut(serializers.Serializer):
    """M4: a valid key (an invalid one is an error, never a success with flags)."""

    message = serializers.CharField()
    mispID = serializers.CharField()
    isActive = serializers.BooleanField()
    isValid = serializers.BooleanField()
    validFrom = serializers.CharField(help_text="yyyy-MM-ddTHH:mm:ss.SSSZ (UTC)")
    validTo = serializers.CharField(help_text="yyyy-MM-ddTHH:mm:ss.SSSZ (UTC)")


class LicenseStatusOut(serializers.Serializer):
    """M6: the key's new status, Active or De-Active."""

    mispLicenseKeyStatus = serializers.CharField()


class LicenseKeyOut(serializers.Serializer):
    """M10: the current (or renewed) key in clear, under [S1]'s and [C]'s names."""

    mispLicenseKey = serializers.CharField()
    licenseKey = serializers.CharField()
    mispLicenseKeyExpiry = serializers.CharField(help_text="yyyy-MM-ddTHH:mm:ss.SSSZ (UTC)")
    licenseKeyExpiry = serializers.CharField(help_text="yyyy-MM-ddTHH:mm:ss.SSSZ (UTC)")
    mispLicenseKeyStatus = serializers.CharField()
    licenseKeyStatus = serializers.CharField()


class PartnerPolicyDocumentOut(serializers.Serializer):
    policyId = serializers.CharField()
    policies = serializers.JSONField()


class PartnerMispValidOut(serializers.Serializer):
    """PM12: the policy the partner's API key is mapped to, and the partner."""

    policyId = serializers.CharField()
    policyName = serializers.CharField()
    policyDescription = serializers.CharField()
    policyStatus = serializers.BooleanField()
    policy = PartnerPolicyDocumentOut()
    partnerId = serializers.CharField()
    partnerName = serializers.CharField()
