"""kernel.history: every history row is inserted directly, as the same row simple_history
would write; where anything could differ, simple_history writes it."""

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, connection
from django.db.models import F
from django.db.models.signals import post_init, post_save, pre_init, pre_save
from django.test.utils import CaptureQueriesContext
from simple_history.signals import post_create_historical_record, pre_create_historical_record

from kernel import history
from kernel.history import TRACKED, HistoricalRecords
from policies.models import PolicyGroup
from tests.support import history_rows
from tests.support.users import make_user

pytestmark = pytest.mark.django_db


def group(**fields) -> PolicyGroup:
    values = {"id": "g1", "name": "Banking", "description": "d", "created_by": "pm", "updated_by": "pm", **fields}
    return PolicyGroup(**values)


def test_every_tracked_model_has_its_history_written_by_the_kernel_class():
    tracked = [model for model in apps.get_models() if hasattr(model._meta, "simple_history_manager_attribute")]
    assert len(tracked) > 20
    assert set(tracked) == set(TRACKED)
    assert all(isinstance(records, HistoricalRecords) for records in TRACKED.values())
    assert all(records._plan_for(model).usable for model, records in TRACKED.items())


def test_a_save_writes_one_plain_insert_and_the_rows_read_as_simple_historys():
    user = make_user("pm", ["POLICYMANAGER"])
    history_rows.uninstall()  # the statements of the fast path alone
    try:
        row = group()
        row._history_user = user
        with CaptureQueriesContext(connection) as ctx:
            row.save()
        history_inserts = [q["sql"] for q in ctx.captured_queries if "historical" in q["sql"].lower()]
        assert len(history_inserts) == 1 and history_inserts[0].startswith("INSERT INTO")
        assert "RETURNING" not in history_inserts[0]
        row.description = "changed"
        row._change_reason = "asked for"
        row.save()
        row.delete()
    finally:
        history_rows.install()
    rows = list(PolicyGroup.history.order_by("history_id"))
    assert [h.history_type for h in rows] == ["+", "~", "-"]
    assert [h.description for h in rows] == ["d", "changed", "changed"]
    assert [h.history_user for h in rows] == [user, user, user]
    assert rows[1].history_change_reason == "asked for"
    assert rows[0].history_date <= rows[1].history_date <= rows[2].history_date
    assert rows[0].instance.name == "Banking"


def test_the_suite_compares_each_fast_row_with_simple_historys():
    before = history_rows.checked[0]
    row = group()
    row.save()
    row._history_date = row.created_at  # a moment given by the caller is kept
    row.save()
    assert history_rows.checked[0] == before + 2
    assert PolicyGroup.history.count() == 2  # simple_history's copies were removed
    assert PolicyGroup.history.order_by("history_id").last().history_date == row.created_at


def test_the_shadow_check_fails_on_a_row_that_differs(monkeypatch):
    """The comparison can fail: a fast row with one column written wrong is caught."""
    def tampered(records, instance, history_type, using, sql, params):
        columns = [field.attname for field in records._plan_for(type(instance)).fields]
        params = list(params)
        params[columns.index("description")] = "tampered"
        return history_rows.compare(records, instance, history_type, using, sql, params)

    monkeypatch.setattr(history, "shadow_checks", [tampered])
    with pytest.raises(AssertionError, match="differs from simple_history"):
        group().save()


@pytest.mark.parametrize("signal", [pre_create_historical_record, post_create_historical_record, pre_init,
                                    post_init, pre_save, post_save])
def test_a_listener_on_a_history_row_gets_simple_historys_own_path(signal):
    heard = []

    def listener(sender, **kwargs):
        heard.append(sender)

    history_model = PolicyGroup.history.model
    before = history_rows.checked[0]
    signal.connect(listener, sender=history_model)
    try:
        group().save()
    finally:
        signal.disconnect(listener, sender=history_model)
    assert heard and set(heard) == {history_model}
    assert history_rows.checked[0] == before  # not the fast path
    assert PolicyGroup.history.count() == 1


def test_a_history_user_that_is_no_user_is_refused_as_simple_history_refuses_it():
    row = group()
    row._history_user = AnonymousUser()
    with pytest.raises(ValueError):
        row.save()


def test_an_expression_in_a_tracked_column_goes_through_simple_history():
    row = group()
    row.save()
    row.description = F("name")
    # Django's UPDATE takes the expression; simple_history's history INSERT refuses it
    with pytest.raises(ValueError, match="F\\(\\) expressions can only be used to update"):
        row.save()


def test_a_caller_given_moment_of_none_is_not_replaced():
    """simple_history writes ``_history_date`` as it is given, even None (its NOT NULL
    column then refuses it): the fast path does the same, never a moment of its own."""
    row = group()
    row._history_date = None
    with pytest.raises(IntegrityError):
        row.save()


def test_an_unsaved_history_user_is_refused_as_simple_history_refuses_it():
    from django.contrib.auth import get_user_model

    row = group()
    row._history_user = get_user_model()(username="never-saved")
    with pytest.raises(ValueError, match="unsaved related object"):
        row.save()
