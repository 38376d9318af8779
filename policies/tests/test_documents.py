"""Policy documents against their JSON schemas (catalog §7.2, SPEC §9.9)."""

import pytest

from kernel.errors import PmsError
from policies.documents import validate_document

from .factories import auth_document, data_share_document


def codes_and_messages(policy_type, document):
    with pytest.raises(PmsError) as caught:
        validate_document(policy_type, document)
    return [(i["errorCode"], i["message"]) for i in caught.value.items()]


def test_valid_documents_pass_unchanged():
    assert validate_document("Auth", auth_document()) == auth_document()
    assert validate_document("DataShare", data_share_document()) == data_share_document()
    assert validate_document("CredentialIssuance", data_share_document()) == data_share_document()


def test_auth_types_and_subtypes_match_case_insensitively_and_are_normalised():
    document = auth_document()
    document["authPolicies"][0]["authType"] = "OTP"
    document["authPolicies"][1].update(authType="Bio", authSubType="finger")
    result = validate_document("Auth", document)
    assert result["authPolicies"][0]["authType"] == "otp"
    assert result["authPolicies"][1] == {"authType": "bio", "authSubType": "FINGER", "mandatory": False}


def test_the_1_1_spelling_allowedKYCAttributes_is_accepted():
    document = auth_document()
    document["allowedKYCAttributes"] = document.pop("allowedKycAttributes")
    assert "allowedKycAttributes" in validate_document("Auth", document)


def test_bio_needs_a_known_subtype_and_others_need_none():
    document = auth_document()
    document["authPolicies"] = [{"authType": "bio", "mandatory": True}, {"authType": "demo", "authSubType": "IRIS", "mandatory": True}]
    found = codes_and_messages("Auth", document)
    assert ("PMS_POL_006", "Unsupported Authentication Type in the Policy File: policies.authPolicies[0].authSubType is required") in found
    assert any("authPolicies[1].authSubType must be empty unless authType is bio" in m for _, m in found)


def test_empty_auth_policies_are_refused():
    document = auth_document()
    document["authPolicies"] = []
    assert codes_and_messages("Auth", document)[0][0] == "PMS_POL_006"


def test_supported_kyc_attributes_come_from_settings(settings):
    document = auth_document()
    document["allowedKycAttributes"].append({"attributeName": "bloodGroup"})
    assert codes_and_messages("Auth", document)[0][0] == "PMS_POL_005"
    from policies.conf import app_settings

    settings.PMS_SUPPORTED_KYC_ATTRIBUTES = [*app_settings.PMS_SUPPORTED_KYC_ATTRIBUTES, "bloodGroup"]
    assert validate_document("Auth", document)["allowedKycAttributes"][-1]["attributeName"] == "bloodGroup"


def test_data_share_numbers_may_be_strings_but_not_words():
    document = data_share_document()
    document["dataSharePolicies"]["validForInMinutes"] = "thirty"
    found = codes_and_messages("DataShare", document)
    assert found == [("PMS_POL_051", "Policy Schema and policy are not matching: "
                      "policies.dataSharePolicies.validForInMinutes must be a whole number (or a string of digits)")]


def test_data_share_without_shareable_attributes_is_pms_pol_007():
    document = data_share_document()
    del document["shareableAttributes"]
    assert codes_and_messages("DataShare", document)[0][0] == "PMS_POL_007"


def test_shareable_attribute_needs_a_source():
    document = data_share_document()
    del document["shareableAttributes"][0]["source"]
    assert codes_and_messages("DataShare", document) == [
        ("PMS_POL_051", "Policy Schema and policy are not matching: policies.shareableAttributes[0].source is required")]


def test_an_auth_document_is_not_a_data_share_document():
    assert {c for c, _ in codes_and_messages("DataShare", auth_document())} == {"PMS_POL_051", "PMS_POL_007"}


def test_non_object_document_is_refused():
    assert codes_and_messages("Auth", ["x"])[0][0] == "PMS_POL_051"
