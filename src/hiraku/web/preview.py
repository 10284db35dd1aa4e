"""The table preview's state as the page URL carries it, and the same state as a records query.

The page URL holds ``q``, ``sort`` (a column label, ``-`` first for descending), ``page`` and
filters as parallel lists ``fc`` (column), ``fo`` (operator), ``fv`` (value), which a plain HTML
form can produce. The records API takes the filters as ``<column>__<op>=<value>``;
``api_params`` translates, so the script and the server page through the same query.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from hiraku.datastore.query import Filter, RecordsQuery

PAGE_SIZE = 20
MAX_FILTERS = 10
MAX_VALUE_CHARS = 200
# The operators the form offers, in its order (the API also knows "in").
FORM_OPERATORS = ("contains", "eq", "ne", "gt", "gte", "lt", "lte")
# NUL and other control characters mean nothing in a filter and PostgreSQL refuses NUL.
_CONTROLS = dict.fromkeys([*range(0x20), 0x7F])


def _clean(value: str, limit: int = MAX_VALUE_CHARS) -> str:
    return value.translate(_CONTROLS).strip()[:limit]


def _one(params: Mapping, key: str) -> str:
    value = params.get(key, "")
    if isinstance(value, list):  # a dict of lists
        value = value[0] if value else ""
    return str(value or "")


def _page(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except ValueError:
        return 1


@dataclass(frozen=True)
class RowFilter:
    column: str
    op: str
    value: str


@dataclass(frozen=True)
class PreviewState:
    q: str = ""
    sort: str = ""
    page: int = 1
    filters: tuple[RowFilter, ...] = field(default_factory=tuple)

    @classmethod
    def from_params(cls, params: Mapping) -> PreviewState:
        """The state from a QueryDict (or a dict of lists); rows without a value are skipped."""
        getlist = params.getlist if hasattr(params, "getlist") else lambda k: params.get(k, [])
        columns, ops, values = getlist("fc"), getlist("fo"), getlist("fv")
        filters = []
        for index, raw in enumerate(columns):
            column = _clean(raw, 500)
            value = _clean(values[index]) if index < len(values) else ""
            op = ops[index] if index < len(ops) else "contains"
            if column and value and len(filters) < MAX_FILTERS:
                filters.append(RowFilter(column, op if op in FORM_OPERATORS else "eq", value))
        return cls(
            q=_clean(_one(params, "q"), 500),
            sort=_clean(_one(params, "sort"), 500),
            page=_page(_one(params, "page")),
            filters=tuple(filters),
        )

    @property
    def sort_column(self) -> str:
        return self.sort.removeprefix("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")

    @property
    def narrowed(self) -> bool:
        """True when the rows are a subset of the table (search or filters)."""
        return bool(self.q or self.filters)

    def records_query(self, page_size: int = PAGE_SIZE) -> RecordsQuery:
        return RecordsQuery(
            filters=[Filter(f.column, f.op, f.value) for f in self.filters],
            q=self.q,
            sort=[(self.sort_column, self.descending)] if self.sort_column else [],
            limit=page_size,
            offset=(self.page - 1) * page_size,
        )

    def filter_params(self) -> list[tuple[str, str]]:
        """Search and filters as records API parameters (no paging)."""
        params = [("q", self.q)] if self.q else []
        for item in self.filters:
            key = item.column if item.op == "eq" else f"{item.column}__{item.op}"
            params.append((key, item.value))
        return params

    def api_params(self, page_size: int = PAGE_SIZE) -> list[tuple[str, str]]:
        params = self.filter_params()
        if self.sort:
            params.append(("sort", self.sort))
        params += [("limit", str(page_size)), ("offset", str((self.page - 1) * page_size))]
        return params

    def page_params(self, **changes: object) -> list[tuple[str, str]]:
        """This state as page URL parameters, with ``page`` or ``sort`` changed."""
        sort = str(changes.get("sort", self.sort))
        page = int(changes.get("page", self.page))  # type: ignore[call-overload]
        params = [("q", self.q)] if self.q else []
        for item in self.filters:
            params += [("fc", item.column), ("fo", item.op), ("fv", item.value)]
        if sort:
            params.append(("sort", sort))
        if page > 1:
            params.append(("page", str(page)))
        return params

    def next_sort(self, column: str) -> str:
        """Sort by ``column`` ascending, then descending, then back to file order."""
        if self.sort_column != column:
            return column
        return "" if self.descending else f"-{column}"
