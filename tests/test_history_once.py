"""kernel.history: every model's ``history`` manager class is built once, and history
still reads and writes as django-simple-history's own."""

import pytest
from django.apps import apps
from simple_history.manager import HistoryDescriptor

from kernel.history import HistoryDescriptorOnce
from policies.models import PolicyGroup
from tests.support.users import make_user

pytestmark = pytest.mark.django_db


def test_no_model_keeps_a_descriptor_that_builds_a_class_per_access():
    tracked = [model for model in apps.get_models() if "history" in vars(model)]
    assert len(tracked) > 5
    for model in tracked:
        assert type(vars(model)["history"]) is HistoryDescriptorOnce, model
    assert not any(type(value) is HistoryDescriptor for model in apps.get_models() for value in vars(model).values())


def test_history_is_written_and_read_through_the_manager_built_once():
    user = make_user("pm", ["POLICYMANAGER"])
    group = PolicyGroup(id="g1", name="Banking", description="d", created_by="pm", updated_by="pm")
    group._history_user = user
    group.save()
    group.description = "changed"
    group.save()
    assert type(group.history) is type(PolicyGroup.objects.get(pk="g1").history)  # one class
    assert [h.description for h in group.history.order_by("history_date")] == ["d", "changed"]
    assert [h.history_type for h in group.history.order_by("history_date")] == ["+", "~"]
    assert group.history.first().history_user == user
    assert PolicyGroup.history.count() == 2  # the model-level manager too
