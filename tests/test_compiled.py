"""kernel.compiled.CompiledSelect: the hot lookups' SQL written once gives the same
instances the ORM's select_related query gives (values, followed rows, a nullable foreign
key pointing nowhere), in one statement, and a lookup that matches nothing is None.
CompiledExists: several checks in one statement answer what the ORM's ``exists()`` answers."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kernel.compiled import CompiledExists, CompiledSelect
from partners.models import Partner
from partners.tests.factories import make_partner
from policies.models import PolicyGroup

pytestmark = pytest.mark.django_db

BY_ID = CompiledSelect(Partner, ("policy_group", "owner"), lambda col: f"{col('pk')} = %s AND {col('is_active')}")
CREATED_BEFORE = CompiledSelect(Partner, ("policy_group",), lambda col: f"{col('created_at')} <= %s AND {col('name')} = %s")


def _values(instance):
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_the_instance_and_its_followed_rows_are_the_orms():
    group = PolicyGroup.objects.create(name="banking", description="Banking", is_active=True)
    partner = make_partner(name="Grouped", group=group)
    expected = Partner.objects.select_related("policy_group", "owner").get(pk=partner.pk)
    with CaptureQueriesContext(connection) as queries:
        found = BY_ID.first([partner.pk])
        assert _values(found) == _values(expected)
        assert _values(found.policy_group) == _values(expected.policy_group)  # cached: no query
        assert found.owner.username == expected.owner.username
    assert len(queries) == 1
    assert not found._state.adding and found._state.db == "default"


def test_a_nullable_foreign_key_pointing_nowhere_is_none_without_a_query():
    partner = make_partner(name="Alone")
    with CaptureQueriesContext(connection) as queries:
        found = BY_ID.first([partner.pk])
        assert found.policy_group is None
    assert len(queries) == 1


def test_conditions_and_parameters_apply():
    partner = make_partner(name="Quiet", is_active=False)
    assert BY_ID.first([partner.pk]) is None  # inactive: the WHERE clause applies
    assert BY_ID.first(["no-such-partner"]) is None
    now = timezone.now()
    assert CREATED_BEFORE.first([now, "Quiet"]).pk == partner.pk  # a datetime parameter
    assert CREATED_BEFORE.first([now - dt.timedelta(days=1), "Quiet"]) is None


def test_the_sql_is_written_once():
    partner = make_partner(name="Twice")
    BY_ID.first([partner.pk])
    written = BY_ID._compiled
    BY_ID.first([partner.pk])
    assert BY_ID._compiled is written


TAKEN = CompiledExists(
    (Partner, lambda col: f"{col('pk')} = %s"),
    (Partner, lambda col: f"{col('name')} = %s AND {col('is_active')} AND {col('created_at')} <= %s"),
    (PolicyGroup, lambda col: f"{col('name')} = %s"))


@pytest.mark.parametrize("pk_known, name_known, active, group_known", [
    (True, True, True, True), (False, False, True, False), (True, False, True, False),
    (False, True, True, True), (False, True, False, False),
])
def test_each_check_answers_what_the_orms_exists_answers(pk_known, name_known, active, group_known):
    partner = make_partner(name="Present", is_active=active)
    PolicyGroup.objects.create(name="present group", description="d", is_active=True)
    now = timezone.now()
    asked = (partner.pk if pk_known else "no-such-id", "Present" if name_known else "Absent",
             "present group" if group_known else "absent group")
    with CaptureQueriesContext(connection) as queries:
        answers = TAKEN.ask([asked[0]], [asked[1], now], [asked[2]])
    assert len(queries) == 1
    assert answers == (
        Partner.objects.filter(pk=asked[0]).exists(),
        Partner.objects.filter(name=asked[1], is_active=True, created_at__lte=now).exists(),
        PolicyGroup.objects.filter(name=asked[2]).exists(),
    )
    assert answers == (pk_known, name_known and active, group_known)


def test_each_check_needs_its_own_parameters():
    with pytest.raises(TypeError, match="3 checks, 2 sequences"):
        TAKEN.ask(["x"], ["y", timezone.now()])
