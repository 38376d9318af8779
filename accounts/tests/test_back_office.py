"""Who is staff (may sign in to the back office, /admin/): holders of the back-office roles,
kept in step by create_pms_user. What each then sees is tested by its app (a zonal
admin's: devices/tests/test_zonal_back_office.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.services import BACK_OFFICE_ROLES, create_pms_user
from kernel.actors import Actor
from kernel.roles import Role
from tests.support.users import PASSWORD

pytestmark = pytest.mark.django_db


def test_losing_every_back_office_role_closes_the_back_office():
    create_pms_user("zonal", actor=Actor.system(), password=PASSWORD, roles=frozenset({Role.ZONAL_ADMIN}))
    create_pms_user("zonal", actor=Actor.system(), roles=frozenset({Role.DEVICE_PROVIDER}))
    assert not get_user_model().objects.get(username="zonal").is_staff
    answer = Client().post("/admin/login/?next=/admin/", {"username": "zonal", "password": PASSWORD})
    assert answer.status_code == 200 and "_auth_user_id" not in answer.wsgi_request.session


@pytest.mark.parametrize("role", sorted(Role))
def test_staff_follows_the_back_office_roles(role):
    user, _ = create_pms_user(f"user-{role.lower()}", actor=Actor.system(), roles=frozenset({role}))
    assert user.is_staff == (role in BACK_OFFICE_ROLES)


def test_the_back_office_roles_are_the_ones_with_admin_pages():
    assert BACK_OFFICE_ROLES == {Role.PARTNER_ADMIN, Role.POLICYMANAGER, Role.PARTNERMANAGER, Role.MISP_ADMIN,
                                 Role.AUDITOR, Role.ZONAL_ADMIN}
