"""The 1.2 list shapes on a queryset (kernel.search): revamp paging parameters, the legacy
search body and filter values, each check with MOSIP's code, on the auth user table."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from kernel.errors import PmsError
from kernel.search import Column, SortKey, filter_values, list_page, list_query, search_page

pytestmark = pytest.mark.django_db

COLUMNS = {
    "userName": Column("username"),
    "email": Column("email"),
    "isActive": Column("is_active", "bool"),
    "joined": Column("date_joined", "datetime"),
    "id": Column("id", "number"),
}
SORTS = {"userName": SortKey("username"), "status": SortKey("is_active", inverted=True)}
JOINED = timezone.now().replace(microsecond=123000)


@pytest.fixture
def users():
    User = get_user_model()
    made = []
    for index, (name, active) in enumerate([("alice", True), ("bob", False), ("carol", True), ("dave", True),
                                            ("alicia", False)]):
        made.append(User.objects.create(username=name, email=f"{name}@example.org", is_active=active,
                                        date_joined=JOINED + dt.timedelta(days=index)))
    return made


def codes(call):
    with pytest.raises(PmsError) as caught:
        call()
    return [error.code for error in caught.value.all()]


def names(rows):
    return [row.username for row in rows]


# --- revamp lists ---------------------------------------------------------------------

@pytest.mark.parametrize("params, code", [
    ({"sortFieldName": "userName"}, "PMS_PS_ERROR_007"),
    ({"sortType": "asc", "pageNo": "0", "pageSize": "2"}, "PMS_PS_ERROR_007"),
    ({"pageNo": "0"}, "PMS_PS_ERROR_006"),
    ({"sortFieldName": "userName", "sortType": "asc"}, "PMS_PS_ERROR_008"),
    ({"sortFieldName": "email", "sortType": "asc", "pageNo": "0", "pageSize": "2"}, "PMS_PRT_357"),
    ({"sortFieldName": "userName", "sortType": "up", "pageNo": "0", "pageSize": "2"}, "PMS_PRT_358"),
    ({"pageNo": "-1", "pageSize": "2"}, "PMS_PRT_360"),
    ({"pageNo": "0", "pageSize": "0"}, "PMS_PRT_361"),
    ({"pageNo": "zero", "pageSize": "2"}, "PMS_COR_002"),
    # the order of the checks: pairing of sort before pairing of pages
    ({"sortFieldName": "userName", "pageNo": "0"}, "PMS_PS_ERROR_007"),
])
def test_list_parameters_are_checked_in_mosips_order(params, code):
    assert codes(lambda: list_query(params, SORTS)) == [code]


def test_an_unpaged_list_answers_every_row_as_page_zero(users):
    page = list_page(get_user_model().objects.all(), list_query({}, SORTS), default_order=("username",))
    assert page.answer(lambda u: u.username) == {"pageNo": 0, "pageSize": 5, "totalResults": 5,
                                                 "data": ["alice", "alicia", "bob", "carol", "dave"]}


def test_a_paged_sorted_list_and_an_inverted_flag(users):
    query = list_query({"sortFieldName": "userName", "sortType": "DESC", "pageNo": "1", "pageSize": "2"}, SORTS)
    page = list_page(get_user_model().objects.all(), query)
    assert (page.page_no, page.page_size, page.total, names(page.rows)) == (1, 2, 5, ["bob", "alicia"])
    # "status asc" lists the active rows first, as MOSIP's inverted sort does
    query = list_query({"sortFieldName": "status", "sortType": "asc", "pageNo": "0", "pageSize": "10"}, SORTS)
    assert [row.is_active for row in list_page(get_user_model().objects.all(), query).rows] == [True] * 3 + [False] * 2


def test_a_page_past_the_end_is_empty_with_the_total(users):
    page = list_page(get_user_model().objects.all(), list_query({"pageNo": "9", "pageSize": "2"}, SORTS),
                     default_order=("username",))
    assert page.answer(str) == {"pageNo": 9, "pageSize": 2, "totalResults": 5, "data": []}


def test_default_paging_for_lists_that_are_always_paged(users):
    query = list_query({"sortFieldName": "userName", "sortType": "asc"}, SORTS, default_page=(0, 8))
    assert (query.page_no, query.page_size) == (0, 8)
    assert names(list_page(get_user_model().objects.all(), query).rows)[:2] == ["alice", "alicia"]


# --- legacy search --------------------------------------------------------------------

def search(request, **kwargs):
    return search_page(get_user_model().objects.all(), request, COLUMNS, **kwargs)


def test_search_filters_sorts_and_pages(users):
    page = search({"filters": [{"columnName": "USERNAME", "type": "contains", "value": "ali"}],
                   "sort": [{"sortField": "userName", "sortType": "desc"}],
                   "pagination": {"pageStart": 0, "pageFetch": 1}})
    assert page.answer(lambda u: u.username) == {"fromRecord": 1, "toRecord": 1, "totalRecord": 2, "data": ["alicia"]}
    page = search({"filters": [{"columnName": "userName", "type": "contains", "value": "ali"}], "sort": [],
                   "pagination": {"pageStart": 1, "pageFetch": 1}})
    assert (page.from_record, page.to_record, page.total, names(page.rows)) == (2, 2, 2, ["alicia"])


@pytest.mark.parametrize("entry, expected", [
    ({"columnName": "userName", "type": "equals", "value": "ALICE"}, ["alice"]),
    ({"columnName": "userName", "type": "contains", "value": "*ol"}, ["carol"]),  # ends with
    ({"columnName": "userName", "type": "contains", "value": "*li*"}, ["alice", "alicia"]),
    ({"columnName": "userName", "type": "startsWith", "value": "a*"}, ["alice", "alicia"]),
    ({"columnName": "userName", "type": "in", "values": ["BOB", "dave"]}, ["bob", "dave"]),
    ({"columnName": "isActive", "type": "equals", "value": "false"}, ["alicia", "bob"]),
    ({"columnName": "joined", "type": "between", "fromValue": (JOINED + dt.timedelta(days=1)).isoformat(),
      "toValue": (JOINED + dt.timedelta(days=2)).isoformat()}, ["bob", "carol"]),
    ({"columnName": "joined", "type": "equals", "value": JOINED.isoformat()}, ["alice"]),
    ({"columnName": "userName", "type": "fuzzy", "value": "x"}, ["alice", "alicia", "bob", "carol", "dave"]),
])
def test_each_filter_type(users, entry, expected):
    assert sorted(names(search({"filters": [entry], "sort": [], "pagination": {"pageStart": 0, "pageFetch": 10}}).rows)) \
        == expected


@pytest.mark.parametrize("request_body, code", [
    ({"filters": [{"type": "equals", "value": "x"}]}, "PMS-MSD-311"),
    ({"filters": [{"columnName": "userName", "value": "x"}]}, "PMS-MSD-312"),
    ({"filters": [{"columnName": "password", "type": "equals", "value": "x"}]}, "PMS-MSD-310"),
    ({"filters": [{"columnName": "userName", "type": "equals", "value": "x", "values": ["x"]}]}, "PMS-MSD-392"),
    ({"filters": [{"columnName": "userName", "type": "equals", "value": " "}]}, "PMS-MSD-390"),
    ({"filters": [{"columnName": "isActive", "type": "equals", "value": "maybe"}]}, "PMS-MSD-390"),
    ({"filters": [{"columnName": "userName", "type": "in", "values": []}]}, "PMS-MSD-391"),
    ({"filters": [{"columnName": "joined", "type": "between", "fromValue": "2024-01-01T00:00:00.000Z"}]}, "PMS-MSD-315"),
    ({"filters": [{"columnName": "joined", "type": "between", "fromValue": "then", "toValue": "now"}]}, "PMS-MSD-315"),
    ({"sort": [{"sortField": "userName"}]}, "PMS-MSD-314"),
    ({"sort": [{"sortField": "password", "sortType": "asc"}]}, "PMS-MSD-357"),
    ({"sort": [{"sortField": "userName", "sortType": "sideways"}]}, "PMS-MSD-358"),
    ({"pagination": {"pageStart": -1, "pageFetch": 10}}, "PMS-MSD-313"),
    ({"pagination": {"pageStart": 0, "pageFetch": 0}}, "PMS-MSD-313"),
    ({"pagination": {"pageStart": "0", "pageFetch": 10}}, "PMS-MSD-313"),
])
def test_search_refusals(users, request_body, code):
    assert codes(lambda: search(request_body)) == [code]


def test_search_leaves_deleted_rows_out_only_when_filtered(users):
    get_user_model().objects.filter(username="bob").update(is_staff=True)  # "deleted", for this test
    everything = search({}, deleted_path="is_staff")
    assert everything.total == 5  # no filter: MOSIP returns deleted rows too
    filtered = search({"filters": [{"columnName": "userName", "type": "contains", "value": "b"}]}, deleted_path="is_staff")
    assert filtered.answer(str) == {"fromRecord": 0, "toRecord": 0, "totalRecord": 0, "data": None}


def test_search_missing_lists_and_pagination_mean_everything_page_zero(users):
    page = search({})
    assert (page.from_record, page.to_record, page.total) == (1, 5, 5)


# --- filter values --------------------------------------------------------------------

def values(request, **kwargs):
    return filter_values(get_user_model().objects.all(), request, COLUMNS, code_path="username", **kwargs).answer()


def test_filter_values_match_text_ascending_with_their_code(users):
    answer = values({"filters": [{"columnName": "email", "type": "unique", "text": "ALI"}]})
    assert answer == {"filters": [
        {"fieldID": "email", "fieldValue": "alice@example.org", "fieldCode": "alice"},
        {"fieldID": "email", "fieldValue": "alicia@example.org", "fieldCode": "alicia"}]}


def test_filter_values_of_a_flag_and_optional_filters(users):
    answer = values({"filters": [{"columnName": "isActive", "type": "all", "text": ""},
                                 {"columnName": "userName", "type": "", "text": ""}],
                     "optionalFilters": [{"columnName": "isActive", "type": "equals", "value": "false"}]})
    assert answer["filters"] == [
        {"fieldID": "isActive", "fieldValue": "true", "fieldCode": ""},
        {"fieldID": "isActive", "fieldValue": "false", "fieldCode": ""},
        {"fieldID": "userName", "fieldValue": "alicia", "fieldCode": "alicia"},
        {"fieldID": "userName", "fieldValue": "bob", "fieldCode": "bob"}]


def test_filter_values_are_capped(users):
    assert len(values({"filters": [{"columnName": "userName", "type": "all"}]}, max_values=3)["filters"]) == 3


def test_filter_values_report_every_bad_filter_together(users):
    assert codes(lambda: values({"filters": [
        {"columnName": "userName"},
        {"columnName": "password", "type": "unique"},
        {"columnName": "userName", "type": "some"},
        {"columnName": "joined", "type": "unique"},
    ]})) == ["PMS-MSD-322", "PMS-MSD-317", "PMS-MSD-324", "PMS-MSD-324"]


def test_filter_values_rendered_by_the_endpoint(users):
    answer = filter_values(get_user_model().objects.all(), {"filters": [{"columnName": "userName", "type": "unique",
                                                                         "text": "car"}]},
                           COLUMNS, code_path="username", value_of=lambda u: f"{u.username} {u.email}").answer()
    assert [item["fieldValue"] for item in answer["filters"]] == ["carol carol@example.org"]
