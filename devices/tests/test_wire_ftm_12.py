"""Wire conformance of MOSIP 1.2's FTM chip routes (R93-R102): for each route one success
and its main refusals, envelope key by key and texts verbatim."""

from __future__ import annotations

import pytest

from devices.tests import test_ftm_12 as base
from devices.tests.test_ftm_12 import CHIPS, UPLOAD, body, create, deactivate, decide, upload
from tests.support.wire12 import invalid, ok_v1, ok_v2, refused_v1, refused_v2

pytestmark = pytest.mark.django_db
admin_api, ftm_chain, provider_user, provider, api, intruder_api, chip, approved_chip = (
    base.admin_api, base.ftm_chain, base.provider_user, base.provider, base.api, base.intruder_api, base.chip,
    base.approved_chip)  # the same fixtures

DEACTIVATE = "mosip.pms.deactivate.ftm.patch"


def test_r93_r94_create_and_update_answer_the_id(api, chip):
    assert len(chip) == 36
    refused_v1(create(api), "PMP_AUT_032", "FTM Chip details already exists for the same make and model")
    refused_v1(create(api, provider_id="nobody", model="SE-9"), "PMP_AUT_030",
               "The FTP provider is either inactive or does not exist.")
    invalid(create(api, make=""), "value is empty or null :request.make")
    invalid(create(api, model="m" * 37), "Length should be in between 1 and 36 chars :request.model")
    ok_v1(api.call("put", CHIPS, body=body(ftpChipDetailId=chip, make="Secure", model="SE-1b")), {"id": chip})
    refused_v1(api.call("put", CHIPS, body=body(ftpChipDetailId="no-such-chip", make="a", model="b")),
               "PMP_AUT_031", "ftp chip id not exists.")


def test_r95_r96_approve_and_upload(api, admin_api, chip):
    refused_v1(decide(admin_api, chip), "PMP_AUT_033", "Certificate is not uploaded.")
    invalid(admin_api.call("patch", CHIPS, body=body(ftpChipDetailId=chip)),
            "value is empty or null :request.approvalStatus")
    uploaded = ok_v1(upload(api, chip))
    assert list(uploaded) == ["signedCertificateData", "certificateId", "timestamp"]
    assert uploaded["certificateId"].startswith("-----BEGIN CERTIFICATE-----")  # the leaf, as MOSIP overwrites it
    ok_v1(decide(admin_api, chip), "Status updated successfully.")
    refused_v1(upload(api, "no-such-chip"), "PMP_AUT_031", "ftp chip id not exists.")
    invalid(api.call("post", UPLOAD, body=body(ftpProviderId="chipworks", ftpChipDeatilId=chip,
                                                 certificateData="x", organizationName="o", partnerDomain="FTM")),
            "value is empty or null :request.isItForRegistrationDevice")


def test_r97_r98_read_the_certificates(api, approved_chip):
    read = ok_v1(api.call("get", f"{CHIPS}/getPartnerCertificate/{approved_chip}"))
    assert list(read) == ["certificateData", "timestamp"]
    ok_v1(api.call("get", f"{CHIPS}/getPartnerCertificate/no-such-chip"), None)
    pair = ok_v2(api.call("get", f"{CHIPS}/{approved_chip}/certificate-data"), "mosip.pms.original.ftm.certificate.get")
    assert list(pair) == ["caSignedCertificateData", "caSignedCertUploadDateTime", "caSignedCertExpiryDateTime",
                          "isCaSignedCertificateExpired", "mosipSignedCertificateData", "mosipSignedCertUploadDateTime",
                          "mosipSignedCertExpiryDateTime", "isMosipSignedCertificateExpired"]
    refused_v2(api.call("get", f"{CHIPS}/no-such-chip/certificate-data"), "mosip.pms.original.ftm.certificate.get",
               "PMS_FTM_ERROR_005", "FTM Details do not exists.")


def test_r99_deactivates_with_both_active_keys(api, chip, admin_api):
    refused_v2(deactivate(api, chip), DEACTIVATE, "PMS_FTM_ERROR_010", "The selected FTM is not in an approved status.")
    ok_v1(upload(api, chip))
    ok_v1(decide(admin_api, chip))
    refused_v2(deactivate(api, chip, "deactivate"), DEACTIVATE, "PMS_DEVICE_ERROR_026",
               "Request status should be De-Activate")
    ok_v2(deactivate(api, chip), DEACTIVATE, {"ftmId": chip, "status": "approved", "isActive": False, "active": False})
    refused_v2(deactivate(api, chip), DEACTIVATE, "PMS_FTM_ERROR_007", "The selected FTM is already deactivated.")
    refused_v2(deactivate(api, "no-such-chip"), DEACTIVATE, "PMS_FTM_ERROR_005", "FTM Details do not exists.")


def test_r100_r101_lists(api, admin_api, approved_chip):
    rows = ok_v2(api.call("get", CHIPS), "mosip.pms.ftm.chip.details.get")
    assert [list(r) for r in rows] == [["ftmId", "partnerId", "partnerStatus", "make", "model", "status", "isActive",
                                        "isCertificateAvailable", "certificateUploadDateTime",
                                        "certificateExpiryDateTime", "isCertificateExpired", "createdDateTime"]]
    page = ok_v2(admin_api.call("get", f"{CHIPS}/v2"), "mosip.pms.partners.ftm.chip.details.get")
    assert (page["pageNo"], page["pageSize"], page["totalResults"]) == (0, 8, 1)
    assert list(page["data"][0]) == ["ftmId", "partnerId", "orgName", "make", "model", "status", "isActive",
                                     "isCertificateAvailable", "createdDateTime"]
    for alias in ("partnerId", "orgName", "ftmId", "make", "model", "status", "createdDateTime"):
        ok_v2(admin_api.call("get", f"{CHIPS}/v2", params={"sortFieldName": alias, "sortType": "desc", "pageNo": "0",
                                                           "pageSize": "8"}), "mosip.pms.partners.ftm.chip.details.get")
    refused_v1(admin_api.call("get", f"{CHIPS}/v2", params={"pageNo": "0"}), "PMS_PS_ERROR_006",
               "Invalid pagination request: 'pageNo' and 'pageSize' must be specified together.")


def test_r102_is_unpaged_with_the_active_and_deleted_keys(api, chip):
    page = ok_v1(api.call("post", f"{CHIPS}/search", body=body(
        filters=[{"columnName": "make", "type": "equals", "value": "secure"}], sort=[],
        pagination={"pageStart": 0, "pageFetch": 10}, purpose="AUTH")))
    assert (page["fromRecord"], page["toRecord"], page["totalRecord"]) == (0, 1, 1)
    assert list(page["data"][0]) == ["ftpChipDetailId", "ftpProviderId", "make", "model", "certificateAlias",
                                     "partnerOrganizationName", "active", "deleted", "crBy", "crDtimes", "delDtimes",
                                     "updBy", "updDtimes", "approvalStatus"]


def test_the_schema_examples_look_like_the_real_answers(api, admin_api, provider, ftm_chain):
    from tests.support.wire_examples import assert_example_like

    created = create(api)
    assert_example_like(created.body, "POST", CHIPS)
    chip_id = created.response["id"]
    assert_example_like(api.call("put", CHIPS, body=body(ftpChipDetailId=chip_id, make="Secure", model="SE-2")).body,
                        "PUT", CHIPS)
    assert_example_like(upload(api, chip_id).body, "POST", UPLOAD)
    assert_example_like(decide(admin_api, chip_id).body, "PATCH", CHIPS)
    assert_example_like(api.call("get", f"{CHIPS}/getPartnerCertificate/{chip_id}").body, "GET",
                        f"{CHIPS}/getPartnerCertificate/{{chip_id}}")
    assert_example_like(api.call("get", f"{CHIPS}/{chip_id}/certificate-data").body, "GET",
                        f"{CHIPS}/{{ftm_id}}/certificate-data")
    assert_example_like(api.call("get", CHIPS).body, "GET", CHIPS)
    assert_example_like(admin_api.call("get", f"{CHIPS}/v2").body, "GET", f"{CHIPS}/v2")
    search = body(filters=[{"columnName": "make", "type": "equals", "value": "secure"}], sort=[],
                  pagination={"pageStart": 0, "pageFetch": 10})
    assert_example_like(api.call("post", f"{CHIPS}/search", body=search).body, "POST", f"{CHIPS}/search")
    assert_example_like(deactivate(api, chip_id).body, "PATCH", f"{CHIPS}/{{ftm_id}}")
