"""A license key keeps its last four characters (``key_hint``) from its issue on; the admin
shows it masked from the hint, and validations find it by digest, without decrypting it.
Only the answers SPEC §9.14 gives the value to (and the audited reveal) open it."""

import csv
import io

import pytest

from misp.models import LicenseKey
from tests.support.api import PmsApi, assert_ok
from tests.support.keys import nothing_decrypted
from tests.support.users import make_user, staff_browser, token_for

pytestmark = pytest.mark.django_db

M = "/partnermanagement/v1/misps/misps"
MISPS, KEYS = "/admin/misp/misp/", "/admin/misp/licensekey/"


@pytest.fixture
def misp_admin():
    return make_user("misp-admin", ["MISP_ADMIN"])


@pytest.fixture
def admin_api(misp_admin):
    return PmsApi(token=token_for(misp_admin))


@pytest.fixture
def issued(admin_api):
    """An approved MISP and its license key as the approval answer gives it (M2)."""
    body = {"organizationName": "Telecom MISP", "contactNumber": "9876998888", "emailId": "ops@misp.example",
            "address": "India"}
    misp_id = assert_ok(admin_api.post(M, body))["mispID"]
    value = assert_ok(admin_api.patch(f"{M}/{misp_id}/status", {"mispStatus": "approved"}))["mispLicenseKey"]
    return LicenseKey.objects.get(misp_id=misp_id), value


def test_an_issued_license_key_keeps_its_last_four_characters_in_clear_and_in_its_history(issued):
    key, value = issued
    assert len(value) > 4 and key.key_hint == value[-4:] and key.masked() == "••••" + value[-4:]
    assert value not in key.sealed_key
    assert [row.key_hint for row in key.history.all()] == [value[-4:]]


def test_the_admin_shows_and_exports_keys_masked_without_decrypting_them(issued, misp_admin):
    key, value = issued
    masked = "••••" + value[-4:]
    browser = staff_browser(misp_admin)
    with nothing_decrypted():
        for page in (KEYS, f"{KEYS}{key.pk}/change/", f"{MISPS}{key.misp_id}/change/", f"{KEYS}{key.pk}/reveal/",
                     f"{KEYS}{key.pk}/history/{key.history.earliest().history_id}/"):
            answer = browser.get(page)
            body = answer.content.decode()
            assert answer.status_code == 200 and masked in body and value not in body, page
        export = browser.post(KEYS, {"action": "export_as_csv", "_selected_action": [key.pk]})
        rows = list(csv.reader(io.StringIO(export.content.decode())))
        assert rows[1][2] == masked and value not in export.content.decode()
        browser.post(KEYS, {"action": "deactivate_selected", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert not key.is_active


def test_validations_and_lists_find_keys_by_digest_and_decrypt_nothing(issued, admin_api):
    key, value = issued
    ida = PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"])))
    with nothing_decrypted():
        assert assert_ok(ida.patch(f"{M}/{key.misp_id}/licenseKey", {"mispLicenseKey": value}))
        assert value not in str(assert_ok(admin_api.get(M)))  # M7: no key values
        assert_ok(admin_api.put(f"{M}/{key.misp_id}/licenseKey", {"mispLicenseKey": value, "mispStatus": "De-Active"}))
    key.refresh_from_db()
    assert not key.is_active


def test_the_reveal_and_the_download_open_the_key(issued, misp_admin, admin_api):
    """The check above is live: the answers that carry the value fail without it."""
    key, _value = issued
    with nothing_decrypted():
        assert admin_api.get(f"{M}/{key.misp_id}/licenseKey").status == 500
        with pytest.raises(AssertionError, match="decrypted"):
            staff_browser(misp_admin).post(f"{KEYS}{key.pk}/reveal/")
