"""MOSIP 1.2's users and consent routes (R110–R112, 1.2 catalog §15): R110 makes only new
users with at most one partner-type role (never an admin or a manager), R111/R112 record
and read the consent of a partner's owner."""

import pytest
from django.contrib.auth import get_user_model

from accounts.models import UserConsent
from audit.models import AuditEvent
from tests.support.api import PmsApi, assert_ok
from tests.support.audit import assert_refused, snapshot
from tests.support.users import make_user, token_for

from .factories import make_partner

pytestmark = pytest.mark.django_db

PM12 = "/v1/partnermanager"
USERS = f"{PM12}/users"
CONSENT = f"{PM12}/users/user-consent"
V1_KEYS = ["id", "version", "responsetime", "metadata", "response", "errors"]
V2_KEYS = ["id", "version", "responseTime", "metadata", "response", "errors"]
STRONG = "Long-enough-passw0rd!"
User = get_user_model()


def user_body(**overrides):
    request = {"userName": "airtel-ops", "firstName": "Asha", "lastName": "Rao", "contactNo": "9845000000",
               "emailID": "ops@airtel.example", "organizationName": "Airtel India", "role": "AUTH_PARTNER",
               "partnerId": "airtel-ops", "userPassword": STRONG}
    request.update(overrides)
    return {"id": "", "version": "1.0", "requesttime": "2026-01-01T10:00:00.000Z", "request": request}


def roles_of(name):
    return sorted(User.objects.get(username=name).groups.values_list("name", flat=True))


# --- R110 ----------------------------------------------------------------------------------

def test_r110_creates_a_partner_user_with_its_one_role(partner_api):
    answer = partner_api.call("post", USERS, body=user_body())
    assert (list(answer.body), answer.body["id"]) == (V1_KEYS, None)
    assert assert_ok(answer) == {"userId": "airtel-ops", "mobile": None, "mail": None, "langCode": None,
                                 "userPassword": None, "name": None, "role": None, "rId": None, "token": None}
    user = User.objects.get(username="airtel-ops")
    assert (user.email, user.first_name, user.last_name, user.is_staff) == ("ops@airtel.example", "Asha", "Rao", False)
    assert user.check_password(STRONG) and roles_of("airtel-ops") == ["AUTH_PARTNER"]
    rows = AuditEvent.objects.filter(request_id=answer.headers["X-Request-ID"])
    assert sorted(rows.values_list("event_key", flat=True)) == ["auth.user.create.request", "auth.user.create.success"]


@pytest.mark.parametrize("role", ["PARTNER_ADMIN", "PARTNERMANAGER", "POLICYMANAGER", "MISP_ADMIN", "AUDITOR",
                                  "ZONAL_ADMIN", "ID_AUTHENTICATION", "REGISTRATION_PROCESSOR", "CREDENTIAL_ISSUANCE",
                                  "partner_admin", "offline_access", "NO_SUCH_ROLE"])
def test_r110_a_partner_cannot_make_an_admin_a_manager_or_a_machine_client(partner_api, role):
    before = snapshot(User)
    answer = partner_api.call("post", USERS, body=user_body(role=role))
    assert answer.body["id"] == "mosip.partnermanagement"
    assert_refused(answer, "PMS_COR_002", unchanged=before, event="auth.user.create.failure")
    assert not User.objects.filter(username="airtel-ops").exists()


def test_r110_leaves_an_existing_user_untouched(partner_api):
    admin = make_user("Boss", ["PARTNER_ADMIN"])
    password = admin.password
    answer = partner_api.call("post", USERS, body=user_body(userName="boss", role="AUTH_PARTNER",
                                                            emailID="evil@example.com"))
    assert assert_ok(answer)["userId"] == "boss"
    admin.refresh_from_db()
    assert (admin.password, admin.email) == (password, admin.email) and roles_of("Boss") == ["PARTNER_ADMIN"]
    assert not User.objects.filter(username="boss").exists()


def test_r110_the_password_must_pass_djangos_validators(partner_api):
    assert_refused(partner_api.call("post", USERS, body=user_body(userPassword="123")), "PMS_COR_002",
                   unchanged=snapshot(User), event="auth.user.create.failure")


def test_r110_without_a_password_or_role_the_user_cannot_sign_in_with_one(partner_api):
    assert_ok(partner_api.call("post", USERS, body=user_body(userPassword=None, role=None)))
    user = User.objects.get(username="airtel-ops")
    assert not user.has_usable_password() and roles_of("airtel-ops") == []


def test_r110_in_keycloak_mode_sets_no_local_password(partner_api, settings):
    # the user signs in at Keycloak; a password chosen by the caller must not open its local record
    settings.PMS_OIDC_ISSUER = "https://keycloak.example/auth/realms/mosip"
    settings.PMS_OIDC_JWKS_URL = "https://keycloak.example/auth/realms/mosip/protocol/openid-connect/certs"
    assert_ok(partner_api.call("post", USERS, body=user_body()))
    user = User.objects.get(username="airtel-ops")
    assert not user.has_usable_password() and roles_of("airtel-ops") == ["AUTH_PARTNER"]


def test_r110_needs_a_user_name_and_the_contact_fields(partner_api):
    answer = partner_api.call("post", USERS, body=user_body(userName=" "))
    assert answer.error_codes == ["PMS_COR_001"]
    assert answer.body["errors"][0]["message"] == "Invalid request parameter - should not be null or empty :request.userName"
    answer = partner_api.call("post", USERS, body=user_body(emailID=""))
    assert answer.body["errors"][0]["message"] == "Invalid request parameter - must not be blank :request.emailID"
    assert not User.objects.filter(username="airtel-ops").exists()


def test_r110_is_refused_to_managers(bank_manager_api):
    answer = bank_manager_api.call("post", USERS, body=user_body())
    assert (answer.status, answer.error_codes) == (403, ["KER-ATH-403"])


# --- R111, R112 ----------------------------------------------------------------------------------

def test_r112_before_and_r111_records_the_consent(partner_user, partner_api, banking):
    make_partner(partner_user, name="Airtel India", group=banking, partner_id="airtel-01")
    before = partner_api.get(CONSENT)
    assert (list(before.body), before.body["id"], before.body["version"]) == (V2_KEYS, "mosip.pms.user.consent.get",
                                                                              "1.0")
    assert assert_ok(before) == {"userId": "airtel", "consentGiven": False, "consentGivenDateTime": None}
    given = partner_api.post(CONSENT)
    assert given.body["id"] == "mosip.pms.user.consent.post"
    response = assert_ok(given)
    assert (response["userId"], response["consentGiven"]) == ("airtel", True)
    consent = UserConsent.objects.get(user=partner_user)
    assert consent.consent_given and consent.history.count() == 1
    assert AuditEvent.objects.filter(event_key="auth.consent.give.success").count() == 1
    after = assert_ok(partner_api.get(CONSENT))
    assert after["consentGiven"] is True and after["consentGivenDateTime"] == response["consentGivenDateTime"]
    assert_ok(partner_api.post(CONSENT))
    assert UserConsent.objects.count() == 1 and consent.history.count() == 2


def test_consent_needs_a_partner_of_ones_own(partner_api):
    given = partner_api.post(CONSENT)
    assert (list(given.body), given.body["id"]) == (V2_KEYS, "mosip.pms.user.consent.post")
    assert_refused(given, "PMS_CERTIFICATE_ERROR_002", unchanged=snapshot(UserConsent),
                   event="auth.consent.give.failure")
    read = partner_api.get(CONSENT)
    assert read.body["id"] == "mosip.pms.user.consent.get"
    assert_refused(read, "PMS_CERTIFICATE_ERROR_002")


def test_consent_is_the_callers_own(partner_user, partner_api, banking):
    make_partner(partner_user, name="Airtel India", group=banking, partner_id="airtel-01")
    other = make_user("other", ["AUTH_PARTNER"])
    make_partner(other, name="Other Bank", group=banking, partner_id="other-01")
    assert_ok(PmsApi(token=token_for(other)).post(CONSENT))
    assert assert_ok(partner_api.get(CONSENT))["consentGiven"] is False
