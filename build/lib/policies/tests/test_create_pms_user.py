import pytest
from django.core.management import CommandError, call_command

from accounts.models import MachineClient
from audit.models import AuditEvent
from kernel.roles import Role, roles_of_user
from policies.models import ManagerGroupMapping, PolicyGroup

pytestmark = pytest.mark.django_db


def test_create_pms_user_with_roles_and_policy_groups(django_user_model):
    call_command("create_pms_user", "alice", "--password", "Pw-123456789",
                 "--roles", "POLICYMANAGER,partnermanager", "--policy-groups", "Banking,Telecom")
    user = django_user_model.objects.get(username="alice")
    assert user.check_password("Pw-123456789") and user.is_staff
    assert roles_of_user(user) == {Role.POLICYMANAGER, Role.PARTNERMANAGER}
    groups = set(ManagerGroupMapping.objects.filter(user=user).values_list("policy_group__name", flat=True))
    assert groups == {"Banking", "Telecom"}
    banking = PolicyGroup.objects.get(name="Banking")
    assert banking.history.filter(history_type="+").count() == 1
    assert AuditEvent.objects.filter(event_id="PMS_AUT_204", ref_id="alice").exists()
    assert AuditEvent.objects.filter(event_id="PMS_PRT_215", ref_id=banking.id).exists()


def test_running_it_again_updates_the_user_and_reuses_groups(django_user_model):
    call_command("create_pms_user", "alice", "--password", "Pw-123456789", "--roles", "POLICYMANAGER",
                 "--policy-groups", "Banking")
    call_command("create_pms_user", "alice", "--password", "Pw-987654321", "--roles", "PARTNERMANAGER",
                 "--policy-groups", "banking")
    user = django_user_model.objects.get(username="alice")
    assert user.check_password("Pw-987654321")
    assert roles_of_user(user) == {Role.PARTNERMANAGER}
    assert PolicyGroup.objects.count() == 1
    assert ManagerGroupMapping.objects.filter(user=user).count() == 1


def test_client_secret_is_stored_hashed(django_user_model):
    call_command("create_pms_user", "regproc", "--roles", "REGISTRATION_PROCESSOR", "--client-secret", "abc-secret")
    client = MachineClient.objects.get(client_id="regproc")
    assert "abc-secret" not in client.secret_hash and client.check_secret("abc-secret")
    assert not django_user_model.objects.get(username="regproc").has_usable_password()


def test_unknown_role_is_refused_and_creates_nothing(django_user_model):
    with pytest.raises(CommandError, match="unknown role"):
        call_command("create_pms_user", "bob", "--roles", "WIZARD")
    assert not django_user_model.objects.filter(username="bob").exists()


def test_misp_alias_maps_to_misp_admin(django_user_model):
    call_command("create_pms_user", "mispadmin", "--password", "Pw-123456789", "--roles", "MISP")
    assert roles_of_user(django_user_model.objects.get(username="mispadmin")) == {Role.MISP_ADMIN}


def test_weak_password_is_refused(django_user_model):
    with pytest.raises(CommandError, match="password"):
        call_command("create_pms_user", "weak", "--password", "12345678", "--roles", "PARTNER")
    assert not django_user_model.objects.filter(username="weak").exists()
    failure = AuditEvent.objects.get(event_id="PMS_AUT_404", ref_id="weak")
    assert "12345678" not in failure.description


def test_password_can_come_from_the_environment(django_user_model, monkeypatch):
    monkeypatch.setenv("PMS_NEW_USER_PASSWORD", "From-env-pass-42")
    call_command("create_pms_user", "envuser", "--roles", "PARTNER")
    assert django_user_model.objects.get(username="envuser").check_password("From-env-pass-42")
