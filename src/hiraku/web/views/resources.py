"""A resource's page: downloads, the table preview, and each column's profile and dictionary.

The preview pages on the server (works without JavaScript); preview.js then takes over the
form, the sort links and the pager and reads the same pages from the records API.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hiraku.api.records import json_lists
from hiraku.datastore.query import QueryError, RecordsResult, Table, run_records
from hiraku.web.columns import column_cards
from hiraku.web.preview import FORM_OPERATORS, PAGE_SIZE, PreviewState
from hiraku.web.views.resource_common import english, resource_page


def operator_labels() -> dict[str, str]:
    return {
        "contains": _("contains"),
        "eq": _("is"),
        "ne": _("is not"),
        "gt": _("greater than"),
        "gte": _("at least"),
        "lt": _("less than"),
        "lte": _("at most"),
    }


def display(value: Any) -> str:
    """A cell as the preview shows it (the script writes the same from the API's JSON)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _run(table: Table, state: PreviewState) -> tuple[PreviewState, RecordsResult | None, str]:
    try:
        result = run_records(table, state.records_query())
        last = max(1, -(-(result.total or 0) // PAGE_SIZE))
        if state.page > last:  # past the end: show the last page, as the dataset list does
            state = PreviewState(state.q, state.sort, last, state.filters)
            result = run_records(table, state.records_query())
        return state, result, ""
    except QueryError as error:
        return state, None, error.message("en" if english() else "ja")


def _headers(table: Table, state: PreviewState) -> list[dict[str, Any]]:
    headers = []
    for column in table.columns:
        sort = "none"
        if state.sort_column in (column.label, column.name):
            sort = "descending" if state.descending else "ascending"
        headers.append(
            {
                "label": column.label,
                "type": column.type,
                "aria_sort": sort,
                "url": "?"
                + urlencode(state.page_params(sort=state.next_sort(column.label), page=1)),
            }
        )
    return headers


def _filter_rows(state: PreviewState) -> list[dict[str, Any]]:
    """The filters in use, then one empty row to add another."""
    rows = [{"column": f.column, "op": f.op, "value": f.value} for f in state.filters]
    rows.append({"column": "", "op": "contains", "value": ""})
    return [{**row, "index": i + 1} for i, row in enumerate(rows)]


def resource_detail(request: HttpRequest, name: str, resource_id: uuid.UUID) -> HttpResponse:
    page = resource_page(request, name, resource_id)
    context = page.context("web:resource")
    context["cards"] = column_cards(page.profile, page.dictionary, english=english())
    table = page.table
    if table is None:
        return render(request, "web/resource_detail.html", context)
    state = PreviewState.from_params(request.GET)
    state, result, error = _run(table, state)
    total = result.total if result else 0
    last = max(1, -(-(total or 0) // PAGE_SIZE))
    first_row = (state.page - 1) * PAGE_SIZE + 1
    rows = (
        [[display(v) for v in row] for row in json_lists(result.columns, result.rows)]
        if result
        else []
    )
    context.update(
        {
            "state": state,
            "error": error,
            "rows": rows,
            "total": total,
            "first_row": first_row if rows else 0,
            "last_row": first_row + len(rows) - 1 if rows else 0,
            "page_number": state.page,
            "page_count": last,
            "previous_url": "?" + urlencode(state.page_params(page=state.page - 1))
            if state.page > 1
            else "",
            "next_url": "?" + urlencode(state.page_params(page=state.page + 1))
            if state.page < last
            else "",
            "headers": _headers(table, state),
            "filter_rows": _filter_rows(state),
            "operators": [(op, operator_labels()[op]) for op in FORM_OPERATORS],
            "column_labels": [c.label for c in table.columns],
            "downloads": page.downloads(state.filter_params()),
            "narrowed": state.narrowed,
            "preview_config": _config(page, table),
        }
    )
    return render(request, "web/resource_detail.html", context)


def _config(page, table: Table) -> dict[str, Any]:
    """What preview.js needs: where the records are, and its words in the page's language."""
    return {
        "api": page.records_url,
        "pageSize": PAGE_SIZE,
        "columns": [{"label": c.label, "type": c.type} for c in table.columns],
        "text": {
            "rows": _("Rows {first}–{last} of {total}"),
            "noRows": _("No rows match. Remove a filter or search for something else."),
            "page": _("Page {number} of {count}"),
            "loading": _("Loading…"),
            "failed": _("The rows could not be loaded. Please try again."),
        },
    }
