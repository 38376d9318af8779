"""Role groups are made from kernel.roles.Role after every migrate, not from a list copied
into a migration."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db.models.signals import post_migrate

from kernel.roles import Role

pytestmark = pytest.mark.django_db


def test_every_role_has_its_group_after_migrate():
    assert {str(r) for r in Role} <= set(Group.objects.values_list("name", flat=True))


def test_a_missing_role_group_comes_back_on_the_next_migrate_and_others_stay():
    Group.objects.filter(name=str(Role.AUDITOR)).delete()
    Group.objects.create(name="LOCAL_EXTRA")
    post_migrate.send(sender=apps.get_app_config("kernel"), app_config=apps.get_app_config("kernel"), verbosity=0,
                      interactive=False, using="default", apps=apps, plan=[])
    names = set(Group.objects.values_list("name", flat=True))
    assert {str(r) for r in Role} <= names and "LOCAL_EXTRA" in names
    assert Group.objects.filter(name=str(Role.AUDITOR)).count() == 1
