"""D1-D4: ``isActive`` is mandatory (the endpoint's "missing" code), and a provider or FTP
whose details already exist (the same id, or the same name in any case) is refused
(ADM-DPM-011 / 016) with nothing changed; updates keep working."""

import pytest

from devices.models import DeviceProvider, FoundationalTrustProvider
from tests.support.api import PmsApi, assert_ok
from tests.support.audit import assert_refused, snapshot
from tests.support.users import make_user, token_for

from .factories import SHORT, V1, ftp_request, provider_request

pytestmark = pytest.mark.django_db


def without(body: dict, field: str) -> dict:
    return {k: v for k, v in body.items() if k != field}


@pytest.mark.parametrize("prefix", [V1, SHORT])
def test_a_provider_without_is_active_is_refused_and_not_stored(zonal, prefix):
    before = snapshot(DeviceProvider, DeviceProvider.history.model)
    for body in (without(provider_request(), "isActive"), provider_request(isActive=None)):
        answer = zonal.post(f"{prefix}/deviceprovider", body)
        assert_refused(answer, "ADM-DPM-010", unchanged=before, event="device.provider.create.failure")
        assert answer.body["errors"][0]["message"] == "Mandatory input parameter is missing - isActive"
    assert not DeviceProvider.objects.exists()


def test_every_provider_endpoint_needs_is_active(zonal):
    made = assert_ok(zonal.post(f"{V1}/deviceprovider", provider_request(isActive=False)))
    ftp = assert_ok(zonal.post(f"{V1}/foundationaltrustprovider", ftp_request(isActive=False)))
    before = snapshot(DeviceProvider, FoundationalTrustProvider)
    # a PUT without the flag would otherwise quietly re-activate a deactivated provider
    assert_refused(zonal.put(f"{V1}/deviceprovider", without({**provider_request(), "id": made["id"]}, "isActive")),
                   "ADM-DPM-013", unchanged=before, event="device.provider.update.failure")
    assert_refused(zonal.post(f"{V1}/foundationaltrustprovider", without(ftp_request(name="Other"), "isActive")),
                   "ADM-DPM-015", unchanged=before, event="device.ftp.create.failure")
    assert_refused(zonal.put(f"{V1}/foundationaltrustprovider", without({**ftp_request(), "id": ftp["id"]}, "isActive")),
                   "ADM-DPM-018", unchanged=before, event="device.ftp.update.failure")
    assert not DeviceProvider.objects.get().is_active and not FoundationalTrustProvider.objects.get().is_active


def test_the_same_provider_details_again_are_011_and_change_nothing(zonal):
    made = assert_ok(zonal.post(f"{V1}/deviceprovider", provider_request()))
    before = snapshot(DeviceProvider, DeviceProvider.history.model)
    # the very same request again (the server would otherwise make a second UUID)
    again = zonal.post(f"{V1}/deviceprovider", provider_request())
    assert_refused(again, "ADM-DPM-011", unchanged=before, event="device.provider.create.failure")
    assert again.body["errors"][0]["message"].startswith("Acme Biometrics Device Provider already exist")
    # the same vendor in another case and spacing, other contact details
    assert_refused(zonal.post(f"{SHORT}/deviceprovider", provider_request(vendorName="  ACME biometrics ",
                                                                          email="other@acme.example")),
                   "ADM-DPM-011", unchanged=before, event="device.provider.create.failure")
    # the same id under another name
    taken_id = zonal.post(f"{V1}/deviceprovider", {**provider_request(vendorName="Beta Scan"), "id": made["id"]})
    assert_refused(taken_id, "ADM-DPM-011", unchanged=before)
    assert taken_id.body["errors"][0]["message"].startswith(f"{made['id']} Device Provider already exist")
    assert DeviceProvider.objects.count() == 1


def test_another_login_cannot_register_a_vendor_name_already_registered(zonal):
    assert_ok(zonal.post(f"{V1}/deviceprovider", provider_request()))
    before = snapshot(DeviceProvider)
    maker = PmsApi(token=token_for(make_user("acme", ["DEVICE_PROVIDER"])))
    answer = maker.post(f"{V1}/deviceprovider", provider_request())
    assert_refused(answer, "ADM-DPM-011", unchanged=before)
    assert DeviceProvider.objects.get().id not in str(answer.body)  # the existing record's id is not told


def test_updates_keep_working_and_cannot_take_another_providers_name(zonal):
    acme = assert_ok(zonal.post(f"{V1}/deviceprovider", provider_request()))
    assert_ok(zonal.post(f"{V1}/deviceprovider", provider_request(vendorName="Beta Scan")))
    updated = assert_ok(zonal.put(f"{V1}/deviceprovider", {**provider_request(address="2 New St", isActive=False),
                                                          "id": acme["id"]}))
    assert updated["address"] == "2 New St" and updated["isActive"] is False
    renamed = assert_ok(zonal.put(f"{V1}/deviceprovider", {**provider_request(vendorName="ACME BIOMETRICS"),
                                                          "id": acme["id"]}))
    assert renamed["vendorName"] == "ACME BIOMETRICS"  # its own name, in another case
    before = snapshot(DeviceProvider)
    assert_refused(zonal.put(f"{V1}/deviceprovider", {**provider_request(vendorName="beta scan"), "id": acme["id"]}),
                   "ADM-DPM-011", unchanged=before, event="device.provider.update.failure")
    assert DeviceProvider.objects.get(pk=acme["id"]).history.count() == 3


def test_the_same_ftp_details_again_are_016_and_change_nothing(zonal):
    made = assert_ok(zonal.post(f"{V1}/foundationaltrustprovider", ftp_request()))
    assert_ok(zonal.post(f"{V1}/foundationaltrustprovider", ftp_request(name="Other Chips")))
    before = snapshot(FoundationalTrustProvider, FoundationalTrustProvider.history.model)
    for body in (ftp_request(), ftp_request(name="trust chips LTD", email="x@tc.example"),
                 {**ftp_request(name="New Chips"), "id": made["id"]}):
        assert_refused(zonal.post(f"{V1}/foundationaltrustprovider", body), "ADM-DPM-016", unchanged=before,
                       event="device.ftp.create.failure")
    assert_refused(zonal.put(f"{V1}/foundationaltrustprovider", {**ftp_request(name="OTHER chips"), "id": made["id"]}),
                   "ADM-DPM-016", unchanged=before, event="device.ftp.update.failure")
    assert_ok(zonal.put(f"{SHORT}/foundationaltrustprovider", {**ftp_request(address="2 Silicon Way"), "id": made["id"]}))
    assert FoundationalTrustProvider.objects.get(pk=made["id"]).address == "2 Silicon Way"


def test_a_name_check_that_lost_a_race_is_still_refused_by_the_database(zonal, monkeypatch):
    """Two creations at once can both pass the service's check; the unique index then
    refuses the second with the same code, never a 500 or a second provider."""
    from devices.services import masterdata

    assert_ok(zonal.post(f"{V1}/deviceprovider", provider_request()))
    assert_ok(zonal.post(f"{V1}/foundationaltrustprovider", ftp_request()))
    monkeypatch.setattr(masterdata, "_vendor_taken", lambda provider: None)
    monkeypatch.setattr(masterdata, "_ftp_name_taken", lambda ftp: False)
    before = snapshot(DeviceProvider, FoundationalTrustProvider)
    assert_refused(zonal.post(f"{V1}/deviceprovider", provider_request(vendorName="ACME Biometrics")), "ADM-DPM-011",
                   unchanged=before, event="device.provider.create.failure")
    assert_refused(zonal.post(f"{V1}/foundationaltrustprovider", ftp_request(name="TRUST chips ltd")), "ADM-DPM-016",
                   unchanged=before, event="device.ftp.create.failure")
