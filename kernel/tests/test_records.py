import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError

from kernel.errors import KernelErrors, PmsError
from kernel.records import save_unique
from kernel.transitions import Lifecycle, Transition

pytestmark = pytest.mark.django_db

TAKEN = {"auth_group_name_key": lambda: KernelErrors.INVALID_INPUT.error(field="name", detail="taken"),
         "auth_group.name": lambda: KernelErrors.INVALID_INPUT.error(field="name", detail="taken")}


def test_a_race_on_the_named_constraint_becomes_the_domain_error():
    Group.objects.create(name="g")
    with pytest.raises(PmsError) as refused:
        save_unique(Group(name="g"), TAKEN)
    assert refused.value.code == "PMS_COR_002" and refused.value.field == "name"


def test_a_new_row_never_overwrites_one_that_took_its_key_in_the_meantime():
    """Django's save() of a new instance with a key and no default tries an UPDATE first;
    save_unique inserts, so the later of two racing creates is refused, not merged."""
    first = Group.objects.create(name="first")
    second = Group(pk=first.pk, name="second")
    key_taken = {"auth_group_pkey": lambda: KernelErrors.INVALID_INPUT.error(field="id", detail="taken"),
                 "auth_group.id": lambda: KernelErrors.INVALID_INPUT.error(field="id", detail="taken")}
    with pytest.raises(PmsError) as refused:
        save_unique(second, key_taken)
    assert refused.value.field == "id"
    assert Group.objects.get(pk=first.pk).name == "first"


def test_a_row_read_from_the_database_is_updated():
    group = Group.objects.create(name="g")
    again = Group.objects.get(pk=group.pk)
    again.name = "renamed"
    save_unique(again, TAKEN)
    assert Group.objects.get(pk=group.pk).name == "renamed" and not Group.objects.filter(name="g").exists()


def test_a_race_on_another_constraint_is_not_disguised():
    Group.objects.create(name="g")
    with pytest.raises(IntegrityError):
        save_unique(Group(name="g"), {"some_other_constraint": TAKEN["auth_group.name"]})


LIFECYCLE = Lifecycle(
    Transition("publish", {"draft"}, "published"),
    Transition("deactivate", {"published"}, "deactivated"),
    Transition("activate", {"deactivated"}, "published"),
)


def test_a_lifecycle_allows_its_transitions_and_refuses_the_rest():
    assert LIFECYCLE.target("publish", "draft", refused=KernelErrors.FORBIDDEN.error) == "published"
    with pytest.raises(PmsError) as refused:
        LIFECYCLE.target("publish", "published", refused=KernelErrors.FORBIDDEN.error)
    assert refused.value.code == "KER-ATH-403"
    specific = {"draft": lambda: KernelErrors.INVALID_INPUT.error(field="status", detail="a draft")}
    with pytest.raises(PmsError) as refused:
        LIFECYCLE.target("activate", "draft", refused=KernelErrors.FORBIDDEN.error, refused_from=specific)
    assert refused.value.code == "PMS_COR_002"
