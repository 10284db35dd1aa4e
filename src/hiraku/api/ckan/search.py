"""package_search: CKAN's parameters (q, fq, rows, start, sort, facets) on Hiraku's search."""

from __future__ import annotations

import re

from hiraku.api import serializers
from hiraku.api.ckan.errors import SearchQueryError
from hiraku.api.ckan.params import as_bool, as_int, as_list
from hiraku.api.ckan.registry import Context
from hiraku.catalog import queries
from hiraku.catalog.models import Dataset

# The parameters CKAN accepts (its schema plus the Solr whitelist); anything else is refused,
# as CKAN does, so a client learns at once that a parameter has no effect.
ACCEPTED = {
    "q", "fq", "fq_list", "rows", "start", "sort", "facet", "facet.field", "facet.limit",
    "facet.mincount", "include_private", "include_drafts", "include_deleted",
    "use_default_schema", "fl", "qf", "wt", "bf", "boost", "tie", "defType", "mm", "df",
    "callback", "_",
}
FQ_FIELDS = {"organization": "organization", "tags": "tags", "res_format": "res_format",
             "license_id": "license_id", "groups": "groups"}
_FQ_TERM = re.compile(
    r'\s*(?P<neg>[+-]?)(?P<field>[\w.]+):(?:"(?P<quoted>[^"]*)"|(?P<bare>[^\s"]+))'
    r"|\s*(?P<op>AND|&&)\s*"
)
_SOLR_SYNTAX = re.compile(r"[()\[\]{}^~*?\\]")
SORTS = {
    "score desc, metadata_modified desc": "relevance",
    "metadata_modified desc": "metadata_modified desc",
    "metadata_created desc": "metadata_created desc",
    "title_string asc": "title_string asc",
    "title_string desc": "title_string desc",
    "name asc": "name asc",
}


def parse_fq(fq: str) -> dict[str, list[str]]:
    """`organization:bosai +tags:"自治体標準ODS" AND res_format:CSV` → filters (all ANDed)."""
    filters: dict[str, list[str]] = {}
    position = 0
    text = fq.strip()
    while position < len(text):
        match = _FQ_TERM.match(text, position)
        if match is None or match.end() == position:
            raise SearchQueryError(f"Search Query is invalid: cannot parse fq near "
                                   f"'{text[position:position + 30]}'",
                                   message_ja="fq の書き方が正しくありません。")
        position = match.end()
        if match.group("op"):
            continue
        field = match.group("field")
        if field not in FQ_FIELDS:
            raise SearchQueryError(f"Search Query is invalid: unknown field '{field}' in fq",
                                   message_ja=f"fq の項目「{field}」には対応していません。")
        if match.group("neg") == "-":
            raise SearchQueryError("Search Query is invalid: negative filters are not supported",
                                   message_ja="fq の否定条件には対応していません。")
        value = match.group("quoted") if match.group("quoted") is not None else match.group("bare")
        if match.group("bare") is not None and _SOLR_SYNTAX.search(value):
            raise SearchQueryError(f"Search Query is invalid: unsupported syntax in fq: {value}",
                                   message_ja="fq の括弧・ワイルドカード・OR 検索には"
                                   "対応していません。値は \"…\" で囲んでください。")
        filters.setdefault(FQ_FIELDS[field], []).append(value)
    return filters


def package_search(context: Context, data: dict) -> dict:
    unknown = sorted(k for k in data if k not in ACCEPTED and not k.startswith("ext_"))
    if unknown:
        raise SearchQueryError(f"Search Query is invalid: Invalid search parameters: {unknown}",
                               message_ja=f"使えないパラメータです: {unknown}")
    q = str(data.get("q") or "").strip()
    if q in ("*:*", '""', "''"):
        q = ""
    filters: dict[str, list[str]] = {}
    for fq in [data.get("fq") or "", *as_list(data, "fq_list")]:
        for key, values in parse_fq(str(fq)).items():
            filters.setdefault(key, []).extend(values)
    sort_param = str(data.get("sort") or "score desc, metadata_modified desc")
    sort = SORTS.get(" ".join(sort_param.split()).replace(" ,", ","))
    if sort is None:
        raise SearchQueryError(f"Search Query is invalid: cannot sort by '{sort_param}'",
                               message_ja=f"並べ替え「{sort_param}」には対応していません。")
    if sort == "relevance" and not q:
        sort = "metadata_modified desc"
    rows = as_int(data, "rows", 10, maximum=1000)
    start = as_int(data, "start", 0)
    user = context.user if as_bool(data, "include_private") else None
    query = queries.DatasetQuery(q=q[:500], filters=filters, sort=sort)
    facet_fields = [f for f in as_list(data, "facet.field") if f in queries.FACET_FIELDS]
    try:
        facet_limit = int(data.get("facet.limit", 50))
    except (TypeError, ValueError):
        raise SearchQueryError("Search Query is invalid: facet.limit must be an integer",
                               message_ja="facet.limit は整数で指定してください。") from None
    if facet_limit < 0:  # CKAN: negative means no limit
        facet_limit = 1000
    results = queries.search_datasets(user, query, offset=start, limit=rows,
                                      facet_names=facet_fields, facet_limit=facet_limit)
    facets = results.facets
    page = Dataset.objects.filter(pk__in=[d.pk for d in results.datasets]).select_related(
        "organization", "license").prefetch_related("tags", "themes", "resources__table")
    by_id = {d.pk: d for d in page}
    return {
        "count": results.total,
        "results": [serializers.package_dict(by_id[d.pk], context.request)
                    for d in results.datasets if d.pk in by_id],
        "sort": sort_param,
        "facets": {name: {i.name: i.count for i in items} for name, items in facets.items()},
        "search_facets": {
            name: {"title": name, "items": [
                {"name": i.name, "display_name": i.title, "count": i.count} for i in items
            ]} for name, items in facets.items()
        },
    }
