"""Reading the catalog: full-text search, filtering, facets and sorting, for the site and APIs.

``search_datasets`` is the one entry point: a ``DatasetQuery`` in (text, facet filters, sort),
a ``DatasetResults`` out (one page of datasets, the total, facet counts, and the parsed text
query for highlighting). Text goes to the search backend of the catalog database
(``hiraku.search``); who may see what and the facet filters stay ORM querysets, so every
combination of them works the same with or without text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from django.db.models import Count, QuerySet

from hiraku.catalog import permissions
from hiraku.catalog.models import Dataset
from hiraku.search.backend import get_backend
from hiraku.search.query import Notice, Query, highlight, parse_query
from hiraku.search.zero_results import record_zero_result

# CKAN's parameter names, so that links from CKAN sites and aggregators keep working;
# conforms_to (the standard dataset a dataset follows) has no CKAN counterpart.
FACET_FIELDS = ("organization", "groups", "tags", "res_format", "license_id", "conforms_to",
                "standard_status")

_FACET_PATHS = {
    "organization": ("organization__name", "organization__title", "organization__title_en"),
    "groups": ("themes__name", "themes__title", "themes__title_en"),
    "tags": ("tags__name", "tags__name", "tags__name"),
    "res_format": ("resources__format", "resources__format", "resources__format"),
    "license_id": ("license__id", "license__title", "license__title_en"),
    "conforms_to": ("conforms_to", "conforms_to", "conforms_to"),
    "standard_status": ("standard_status", "standard_status", "standard_status"),
}

_MAX_ROWS = 2**31 - 1

RELEVANCE = "relevance"
NEWEST = "metadata_modified desc"
# Sort name → ORM ordering; relevance is the search backend's own order.
SORTS: dict[str, tuple[str, ...] | None] = {
    RELEVANCE: None,
    NEWEST: ("-modified", "name"),
    "metadata_created desc": ("-created", "name"),
    "title_string asc": ("title", "name"),
    "title_string desc": ("-title", "name"),
    "name asc": ("name",),
}
# How CKAN clients spell relevance (package_search's default sort).
SORT_ALIASES = {"score desc, metadata_modified desc": RELEVANCE, "score desc": RELEVANCE}


@dataclass
class FacetItem:
    name: str
    title: str
    title_en: str
    count: int
    active: bool = False


@dataclass
class DatasetQuery:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = ""  # empty: relevance when there is text, else newest first

    @property
    def has_text(self) -> bool:
        return bool(self.q.strip())

    @property
    def effective_sort(self) -> str:
        sort = SORT_ALIASES.get(self.sort, self.sort)
        if sort not in SORTS or (sort == RELEVANCE and not self.has_text):
            return RELEVANCE if self.has_text else NEWEST
        return sort


@dataclass
class DatasetResults:
    query: DatasetQuery
    text: Query | None  # the parsed text query; None when there was no text
    sort: str
    total: int
    offset: int
    datasets: list[Dataset]
    facets: dict[str, list[FacetItem]]

    @property
    def notices(self) -> tuple[Notice, ...]:
        """Why the text was changed or could not be searched (bilingual messages)."""
        return self.text.notices if self.text is not None else ()

    def highlight(self, text: str | None) -> list[tuple[str, bool]]:
        """``text`` in (segment, matched) pieces for the terms of this search."""
        return highlight(text, self.text)


def apply_filters(datasets: QuerySet[Dataset], filters: dict[str, list[str]]) -> QuerySet:
    # Every value narrows further (CKAN's fq is AND within and across fields). One subquery
    # per field keeps the datasets holding all its values: chained filters on a many-valued
    # relation add a join per value (rows multiply), and a subquery per value makes
    # PostgreSQL's planner search joins of dozens of semi-joins (minutes for 20 values).
    for key, values in filters.items():
        wanted = set(values)
        if not wanted:
            continue
        path = _FACET_PATHS[key][0]
        holding_all = (Dataset.objects.filter(**{f"{path}__in": wanted}).values("pk")
                       .annotate(found=Count(path, distinct=True)).filter(found=len(wanted))
                       .values("pk"))
        datasets = datasets.filter(pk__in=holding_all)
    return datasets


def _text_query(query: DatasetQuery) -> Query | None:
    return parse_query(query.q) if query.has_text else None


def _matching(datasets: QuerySet[Dataset], text: Query | None) -> QuerySet[Dataset]:
    return datasets if text is None else get_backend().matching(text, datasets)


def find_datasets(user, query: DatasetQuery) -> QuerySet[Dataset]:
    """Every dataset ``user`` may see that matches ``query``, as a queryset.

    Sorted by the query's sort; relevance needs the backend's ranking, which a queryset
    cannot carry, so here it falls back to newest first (``search_datasets`` ranks).
    """
    datasets = apply_filters(permissions.visible_datasets(user), query.filters)
    datasets = _matching(datasets, _text_query(query)).select_related("organization", "license")
    return datasets.order_by(*(SORTS[query.effective_sort] or SORTS[NEWEST]))


def search_datasets(
    user,
    query: DatasetQuery,
    *,
    offset: int = 0,
    limit: int = 20,
    facet_names: Iterable[str] = FACET_FIELDS,
    facet_limit: int = 10,
    log_zero_results: bool = True,
) -> DatasetResults:
    """One page of the datasets ``user`` may see that match ``query``, with facet counts."""
    text = _text_query(query)
    sort = query.effective_sort
    candidates = apply_filters(permissions.visible_datasets(user), query.filters)
    # Offsets and limits come from URLs and API calls; SQL integers have a size.
    offset, limit = min(max(offset, 0), _MAX_ROWS), min(max(limit, 0), _MAX_ROWS)
    if text is not None and text.empty:
        # Only symbols or particles: say so instead of listing everything or erroring.
        return DatasetResults(query, text, sort, 0, offset, [], {})
    if text is None:
        total = candidates.count()
        ordered = candidates.order_by(*SORTS[sort]).values_list("pk", flat=True)
        ids = list(ordered[offset : offset + limit]) if offset < total else []
    else:
        hits = get_backend().search(
            text, candidates, order_by=SORTS[sort], limit=limit, offset=offset
        )
        ids, total = hits.ids, hits.total
        if total == 0 and log_zero_results and not query.filters:
            record_zero_result(query.q)
    by_id = Dataset.objects.select_related("organization", "license").in_bulk(ids)
    matched = _matching(candidates, text)
    return DatasetResults(
        query=query,
        text=text,
        sort=sort,
        total=total,
        offset=offset,
        datasets=[by_id[pk] for pk in ids if pk in by_id],
        facets=facets(matched, query.filters, facet_names, facet_limit) if total else {},
    )


def facets(
    datasets: QuerySet[Dataset],
    active: dict[str, list[str]],
    names: Iterable[str] = FACET_FIELDS,
    limit: int = 10,
) -> dict[str, list[FacetItem]]:
    ids = datasets.order_by().values("pk")
    result: dict[str, list[FacetItem]] = {}
    for name in names:
        key, title, title_en = _FACET_PATHS[name]
        rows = (
            # `> ''` drops nulls and blanks in one join; exclude() on a many-valued
            # relation would add a subquery per facet (slower to build and to run).
            Dataset.objects.filter(pk__in=ids, **{f"{key}__gt": ""})
            .values(key, title, title_en)
            .annotate(n=Count("pk", distinct=True))
            .order_by("-n", key)[:limit]
        )
        chosen = set(active.get(name, []))
        titles = {"conforms_to": _standard_title, "standard_status": _status_title}.get(
            name, _own_title)
        result[name] = [
            FacetItem(r[key], *titles(r[key], r[title], r[title_en]), r["n"], r[key] in chosen)
            for r in rows
        ]
    return result


_STATUS_TITLES = {"conforms": ("準拠", "Conforms"), "needs-fix": ("要修正", "Needs fixing")}


def _status_title(name: str, title: str, title_en: str) -> tuple[str, str]:
    return _STATUS_TITLES.get(name, (name, name))


def _own_title(name: str, title: str, title_en: str) -> tuple[str, str]:
    return title, title_en


@cache
def _standard_title(name: str, title: str, title_en: str) -> tuple[str, str]:
    """A standard dataset's name (AED設置箇所一覧) for its id (aed); unknown ids as they are."""
    from hiraku.schemas.registry import UnknownSchema, get_schema

    try:
        schema = get_schema(name)
    except UnknownSchema:
        return title, title_en
    return schema.title_ja, schema.title_en
