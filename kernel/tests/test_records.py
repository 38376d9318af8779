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
