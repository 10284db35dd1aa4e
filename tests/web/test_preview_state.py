"""The preview's page URL and the records API describe the same rows."""

from __future__ import annotations

from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from hiraku.web.preview import MAX_FILTERS, PreviewState, RowFilter


def test_form_filters_become_api_filters_and_empty_rows_are_ignored():
    params = QueryDict(
        "q=公園&fc=種別&fo=eq&fv=小学校&fc=収容人数&fo=gte&fv=100&fc=&fo=contains&fv=&sort=-名称&page=2"
    )
    state = PreviewState.from_params(params)
    assert state.filters == (RowFilter("種別", "eq", "小学校"), RowFilter("収容人数", "gte", "100"))
    assert state.api_params(page_size=20) == [
        ("q", "公園"),
        ("種別", "小学校"),
        ("収容人数__gte", "100"),
        ("sort", "-名称"),
        ("limit", "20"),
        ("offset", "20"),
    ]
    query = state.records_query(page_size=20)
    assert query.sort == [("名称", True)] and query.offset == 20 and query.limit == 20


def test_unknown_operators_fall_back_to_equality_and_filters_are_capped():
    params = {"fc": ["a"] * 20, "fo": ["drop table"] * 20, "fv": ["1"] * 20}
    state = PreviewState.from_params(params)
    assert len(state.filters) == MAX_FILTERS
    assert {f.op for f in state.filters} == {"eq"}


def test_odd_pages_and_control_characters_are_cleaned():
    state = PreviewState.from_params(QueryDict("page=-3&q=a%00b"))
    assert state.page == 1 and state.q == "ab"
    assert PreviewState.from_params(QueryDict("page=x")).page == 1


def test_sort_cycles_ascending_descending_then_file_order():
    state = PreviewState(sort="")
    assert state.next_sort("名称") == "名称"
    assert PreviewState(sort="名称").next_sort("名称") == "-名称"
    assert PreviewState(sort="-名称").next_sort("名称") == ""
    assert PreviewState(sort="-名称").next_sort("住所") == "住所"


@given(
    q=st.text(max_size=20),
    page=st.integers(min_value=1, max_value=500),
    filters=st.lists(
        st.tuples(
            st.text(min_size=1, max_size=10).filter(str.strip),
            st.sampled_from(["contains", "eq", "ne", "gt", "gte", "lt", "lte"]),
            st.text(min_size=1, max_size=10).filter(str.strip),
        ),
        max_size=5,
    ),
)
def test_page_params_read_back_as_the_same_state(q, page, filters):
    state = PreviewState.from_params(
        {
            "q": [q],
            "page": [str(page)],
            "fc": [f[0] for f in filters],
            "fo": [f[1] for f in filters],
            "fv": [f[2] for f in filters],
        }
    )
    again = PreviewState.from_params(_querydict(state.page_params()))
    assert again == state


def _querydict(pairs):
    query = QueryDict(mutable=True)
    for key, value in pairs:
        query.appendlist(key, value)
    return query
