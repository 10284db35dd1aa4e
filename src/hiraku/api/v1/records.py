"""Records of a resource's table, group-by counts, and read-only SQL."""

from __future__ import annotations

from typing import Literal

import orjson
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from hiraku.api import access, records
from hiraku.datastore import query as datastore

router = Router(tags=["data"])

FILTER_HELP = (
    "Filter on any column with `?<column>=<value>` or `?<column>__<op>=<value>`, op one of "
    "eq, ne, lt, lte, gt, gte, in (comma-separated), contains. Column names are the headers "
    "as in the file (e.g. `?名称__contains=公園`)."
)


class RecordsParams(Schema):
    q: str = ""
    sort: str = ""
    fields: str = ""
    limit: int = 100
    offset: int = 0
    after: str = ""
    distinct: bool = False
    include_total: bool = True
    format: Literal["json", "csv", "ndjson", "geojson", "xlsx"] = "json"
    encoding: Literal["utf-8", "cp932"] = "utf-8"


def _json(body: dict, status: int = 200) -> HttpResponse:
    return HttpResponse(orjson.dumps(body), content_type="application/json", status=status)


def _page_url(request: HttpRequest, **changes: str) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@router.get("/resources/{resource_id}/records", summary="Records of a table",
            description=FILTER_HELP)
def get_records(request: HttpRequest, resource_id: str, params: Query[RecordsParams]):
    ref = access.table_or_404(request, resource_id)
    table = ref.table
    query = records.query_from_params(request.GET)
    if params.format != "json":
        from hiraku.api.v1.exports import export_response

        return export_response(request, ref, query, params.format, params.encoding)
    result = datastore.run_records(table, query)
    body = {
        "resource_id": ref.resource_id,
        "fields": records.field_dicts(result.columns),
        "records": records.json_rows(result.columns, result.rows),
        "total": result.total,
        "limit": query.limit,
        "offset": query.offset,
        "next": _page_url(request, after=result.next_after, offset=None)
        if result.next_after else None,
    }
    return _json(body)


class GroupParams(Schema):
    by: str
    sum: str = ""
    q: str = ""
    limit: int = 100


@router.get("/resources/{resource_id}/groups", summary="Counts (and a sum) per value of a column",
            description="Filters as for records. " + FILTER_HELP)
def get_groups(request: HttpRequest, resource_id: str, params: Query[GroupParams]):
    ref = access.table_or_404(request, resource_id)
    table = ref.table
    filters = [f for f in records.query_from_params(
        {k: v for k, v in request.GET.items() if k not in ("by", "sum")}).filters]
    groups = datastore.run_group_by(table, params.by, sum_of=params.sum or None, filters=filters,
                                    q=params.q, limit=params.limit)
    return _json({"resource_id": ref.resource_id, "by": params.by, "sum": params.sum or None,
                  "groups": groups})


class SqlParams(Schema):
    sql: str


def _sql_response(sql: str) -> HttpResponse:
    from hiraku.datastore.sql import run_sql

    result = run_sql(sql)
    body = {
        "fields": [{"name": name} for name in result.fields],
        # Values go to orjson as they are: it writes str, int, float and None itself and asks
        # _json_value only for the rest, instead of a Python call for every value.
        "records": [dict(zip(result.fields, row, strict=True)) for row in result.rows],
        "truncated": result.truncated,
    }
    content = orjson.dumps(body, default=_json_value, option=orjson.OPT_PASSTHROUGH_DATETIME)
    return HttpResponse(content, content_type="application/json")


def _json_value(value: object) -> object:
    """orjson's hook for Decimal, dates and bytes: the same JSON value as records.json_value."""
    converted = records.json_value(value)
    if converted is value:
        raise TypeError(f"Type is not JSON serializable: {type(value).__name__}")
    return converted


SQL_HELP = (
    "One read-only SELECT (or WITH) over the public tables; a table is named by its resource "
    "id: `SELECT * FROM \"<resource id>\"`. Time limit and row limit apply; no writes, "
    "ATTACH, PRAGMA or extensions."
)


@router.get("/sql", summary="Read-only SQL over the public tables", description=SQL_HELP)
def get_sql(request: HttpRequest, params: Query[SqlParams]):
    return _sql_response(params.sql)


@router.post("/sql", summary="Read-only SQL (for long queries)", description=SQL_HELP)
def post_sql(request: HttpRequest, body: SqlParams):
    return _sql_response(body.sql)
