"""A partner admin adds back-office users in the admin (roles, and a manager's policy
groups) through accounts.services.create_back_office_user, audited; nobody else can."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from audit.models import AuditEvent
from kernel.actors import Actor
from kernel.errors import PmsError
from kernel.roles import Role, roles_of_user
from policies.models import ManagerGroupMapping
from policies.tests.factories import PolicyGroupFactory
from tests.support.users import make_user, staff_browser

pytestmark = pytest.mark.django_db

ADD = "/admin/accounts/backofficeuser/add/"
LIST = "/admin/accounts/backofficeuser/"
NEW_PASSWORD = "Quiet-Meadow-Rover-58"


def _form(**overrides):
    data = {"username": "meera", "email": "meera@pms.example", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
            "roles": ["POLICYMANAGER", "AUDITOR"]}
    data.update(overrides)
    return data


@pytest.fixture
def partner_admin(db):
    return staff_browser(make_user("boss", ["PARTNER_ADMIN"]))


def test_a_partner_admin_adds_a_manager_with_roles_and_policy_groups(partner_admin, banking):
    PolicyGroupFactory(name="Telecom")
    answer = partner_admin.post(ADD, _form(policy_groups=[banking.pk]))
    assert answer.status_code == 302, answer.content.decode()[:3000]
    user = get_user_model().objects.get(username="meera")
    assert roles_of_user(user) == {Role.POLICYMANAGER, Role.AUDITOR}
    assert user.is_staff and user.check_password(NEW_PASSWORD) and user.email == "meera@pms.example"
    assert list(ManagerGroupMapping.objects.filter(user=user).values_list("policy_group__name", flat=True)) == ["Banking"]
    created = AuditEvent.objects.get(event_id="PMS_AUT_204", ref_id="meera")
    assert created.session_user_name == "boss" and "POLICYMANAGER" in created.description
    # The new manager signs in to the admin with that password.
    assert Client().login(username="meera", password=NEW_PASSWORD)
    page = partner_admin.get(LIST).content.decode()
    assert "meera" in page and "AUDITOR, POLICYMANAGER" in page
    shown = partner_admin.get(f"{LIST}{user.pk}/change/")
    assert shown.status_code == 200 and "Banking" in shown.content.decode()
    assert partner_admin.post(f"{LIST}{user.pk}/change/", {"username": "renamed"}).status_code == 403


def test_a_zonal_admin_made_there_may_sign_in_to_the_admin(partner_admin):
    assert partner_admin.post(ADD, _form(username="zed", roles=["ZONAL_ADMIN"])).status_code == 302
    assert get_user_model().objects.get(username="zed").is_staff


@pytest.mark.parametrize("overrides, message", [
    ({"password2": "Something-Else-12"}, "The two passwords differ."),
    ({"password1": "password", "password2": "password"}, "PMS_COR_002"),
    ({"roles": []}, "This field is required."),
    ({"roles": ["PARTNER"]}, "Select a valid choice."),
    ({"username": "BOSS"}, "A user with this name already exists."),
    ({"roles": ["AUDITOR"], "policy_groups": ["GROUP"]}, "Only policy and partner managers"),
])
def test_bad_input_is_shown_on_the_form_and_creates_nothing(partner_admin, banking, overrides, message):
    if overrides.get("policy_groups") == ["GROUP"]:
        overrides["policy_groups"] = [banking.pk]
    before = get_user_model().objects.count()
    answer = partner_admin.post(ADD, _form(**overrides))
    assert answer.status_code == 200 and message in answer.content.decode()
    assert get_user_model().objects.count() == before


def test_other_staff_cannot_add_users(banking):
    manager = staff_browser(make_user("pm", ["POLICYMANAGER", "PARTNERMANAGER", "AUDITOR"]))
    assert manager.get(ADD).status_code == 403
    assert manager.post(ADD, _form()).status_code == 403
    assert manager.get(LIST).status_code == 403
    assert not get_user_model().objects.filter(username="meera").exists()
    assert AuditEvent.objects.filter(session_user_name="pm", outcome="failure").exists()  # the 403 is audited


def test_the_service_refuses_anyone_but_a_partner_admin_and_audits_it(db):
    user = make_user("pm", ["POLICYMANAGER"])
    actor = Actor(username="pm", roles=roles_of_user(user), user=user)
    from accounts.services import create_back_office_user

    with pytest.raises(PmsError) as refused:
        create_back_office_user(actor=actor, name="meera", password=NEW_PASSWORD, roles=frozenset({Role.AUDITOR}))
    assert refused.value.code == "KER-ATH-403"
    assert not get_user_model().objects.filter(username="meera").exists()
    assert AuditEvent.objects.filter(event_id="PMS_AUT_404", ref_id="meera", session_user_name="pm").exists()
