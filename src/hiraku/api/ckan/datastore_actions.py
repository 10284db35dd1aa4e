"""datastore_search and datastore_search_sql, with CKAN's parameters and result shape."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import QueryDict

from hiraku.api import access, records
from hiraku.api.ckan.errors import NotFoundError, ValidationFailed
from hiraku.api.ckan.params import as_bool, as_dict, as_int, require
from hiraku.api.ckan.registry import Context, action
from hiraku.datastore import query as datastore
from hiraku.errors import NotFound

CKAN_TYPES = {"integer": "int", "number": "numeric", "date": "date", "datetime": "timestamp",
              "time": "time", "boolean": "bool", "text": "text"}
SEARCH_KEYS = {"resource_id", "id", "filters", "q", "full_text", "plain", "language", "limit",
               "offset", "fields", "distinct", "sort", "include_total", "records_format",
               "include_next_page", "total_estimation_threshold", "callback", "_"}
ROWS_MAX = 32000


def _table(context: Context, resource_id: str) -> datastore.Table:
    try:
        return access.table_or_404(context.request, resource_id).table
    except NotFound:
        raise NotFoundError(f"Not found: Resource \"{resource_id}\" was not found.",
                            message_ja=f"リソース「{resource_id}」はありません。") from None
    except datastore.QueryError:
        raise NotFoundError(f"Not found: Resource \"{resource_id}\" was not found in the "
                            "datastore.", message_ja="このリソースはデータストアにありません。"
                            ) from None


def _filters(raw: dict[str, Any]) -> list[datastore.Filter]:
    filters = []
    for column, value in raw.items():
        if isinstance(value, list):
            filters.append(datastore.Filter(column, "in", [str(v) for v in value]))
        elif isinstance(value, dict):  # 2.12: {"_id": {"gt": 100}}
            for op, operand in value.items():
                if op not in ("gt", "gte", "lt", "lte", "eq"):
                    raise ValidationFailed("Invalid filter", fields={"filters": [
                        f"invalid operator {op!r} for {column}"]})
                filters.append(datastore.Filter(column, op, operand))
        else:
            filters.append(datastore.Filter(column, "eq", value))
    return filters


def _links(context: Context, data: dict, offset: int, limit: int) -> dict:
    params = QueryDict(mutable=True)
    for key in ("resource_id", "q", "sort", "fields", "distinct"):
        if data.get(key) not in (None, ""):
            params[key] = str(data[key])
    if data.get("filters"):
        import json

        filters = data["filters"]
        params["filters"] = filters if isinstance(filters, str) else json.dumps(
            filters, ensure_ascii=False)
    start = context.request.path
    links = {"start": f"{start}?{params.urlencode()}"}
    params["offset"] = str(offset + limit)
    links["next"] = f"{start}?{params.urlencode()}"
    if offset > 0:
        params["offset"] = str(max(0, offset - limit))
        links["prev"] = f"{start}?{params.urlencode()}"
    return links


@action("datastore_search", side_effect_free=True)
def datastore_search(context: Context, data: dict) -> dict:
    """Search a resource's table: filters, q, fields, sort, limit/offset, distinct, totals."""
    junk = sorted(k for k in data if k not in SEARCH_KEYS)
    if junk:
        raise ValidationFailed("Invalid parameters", fields={
            "__junk": [f"The input field {k} was not expected." for k in junk]})
    resource_id = str(require(data, "resource_id", "id"))
    table = _table(context, resource_id)
    q = data.get("q") or data.get("full_text") or ""
    filters = _filters(as_dict(data, "filters"))
    if isinstance(q, dict):  # per-field full text → substring filters
        filters += [datastore.Filter(k, "contains", v) for k, v in q.items()]
        q = ""
    elif isinstance(q, str) and q.strip().startswith("{"):
        filters += [datastore.Filter(k, "contains", v) for k, v in as_dict(data, "q").items()]
        q = ""
    limit = as_int(data, "limit", 100, maximum=ROWS_MAX)
    offset = as_int(data, "offset", 0)
    fields = records.parse_fields(data.get("fields"))
    distinct = as_bool(data, "distinct")
    if fields is None and not distinct:
        fields = ["_id", *[c.label for c in table.columns]]
    query = datastore.RecordsQuery(
        filters=filters, q=str(q), sort=records.parse_sort(data.get("sort")),
        fields=fields or [c.label for c in table.columns], distinct=distinct, limit=limit,
        offset=offset, include_total=as_bool(data, "include_total", True), max_limit=ROWS_MAX,
    )
    try:
        result = datastore.run_records(table, query)
    except datastore.QueryError as error:
        raise ValidationFailed(error.message_en, message_ja=error.message_ja,
                               fields={"query": [error.message_en]}) from None
    record_format = str(data.get("records_format") or "objects")
    out = {key: value for key, value in data.items() if key in SEARCH_KEYS}
    out["resource_id"] = resource_id
    out.pop("id", None)
    out["fields"] = [{"id": c.label, "type": CKAN_TYPES.get(c.type, c.type)}
                     if c.name != "_id" else {"id": "_id", "type": "int"} for c in result.columns]
    if record_format == "objects":
        out["records"] = records.json_rows(result.columns, result.rows)
    elif record_format == "lists":
        out["records"] = records.json_lists(result.columns, result.rows)
    elif record_format in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if record_format == "csv" else "\t",
                            lineterminator="\n")
        writer.writerows(records.json_lists(result.columns, result.rows))
        out["records"] = buffer.getvalue()
    else:
        raise ValidationFailed("Invalid records_format", fields={
            "records_format": ["Value must be one of objects, lists, csv, tsv"]})
    out["limit"] = limit
    if result.total is not None:
        out["total"] = result.total
        out["total_was_estimated"] = False
    out["_links"] = _links(context, data, offset, limit)
    if result.rows and "_id" in [c.name for c in result.columns]:
        position = [c.name for c in result.columns].index("_id")
        out["next_page"] = {"_id": {"gt": result.rows[-1][position]}}
    return out


@action("datastore_search_sql", side_effect_free=True)
def datastore_search_sql(context: Context, data: dict) -> dict:
    """Read-only SQL over the datastore: tables are named by resource id."""
    from hiraku.datastore.sql import SqlError, run_sql

    sql = str(require(data, "sql"))
    try:
        result = run_sql(sql)
    except SqlError as error:
        # CKAN answers bad SQL with a 409 Validation Error {"query": [...]}.
        raise ValidationFailed(error.message_en, message_ja=error.message_ja,
                               fields={"query": [error.message_en]}) from None
    out: dict[str, Any] = {
        "sql": sql,
        "fields": [{"id": name, "type": _guess_type(result.rows, i)}
                   for i, name in enumerate(result.fields)],
        "records": [dict(zip(result.fields, [records.json_value(v) for v in row], strict=True))
                    for row in result.rows],
    }
    if result.truncated:
        out["records_truncated"] = True
    return out


def _guess_type(rows: list[tuple], index: int) -> str:
    for row in rows:
        value = row[index]
        if value is None:
            continue
        if isinstance(value, bool):
            return "bool"
        if isinstance(value, int):
            return "int"
        if isinstance(value, float):
            return "numeric"
        return "text"
    return "text"
