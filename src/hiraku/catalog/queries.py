"""Reading the catalog: filtering, facets and sorting, shared by the site and the APIs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from hiraku.catalog import permissions
from hiraku.catalog.models import Dataset

# CKAN's parameter names, so that links from CKAN sites and aggregators keep working.
FACET_FIELDS = ("organization", "groups", "tags", "res_format", "license_id")

_FACET_PATHS = {
    "organization": ("organization__name", "organization__title", "organization__title_en"),
    "groups": ("themes__name", "themes__title", "themes__title_en"),
    "tags": ("tags__name", "tags__name", "tags__name"),
    "res_format": ("resources__format", "resources__format", "resources__format"),
    "license_id": ("license__id", "license__title", "license__title_en"),
}

SORTS = {
    "metadata_modified desc": "-modified",
    "metadata_created desc": "-created",
    "title_string asc": "title",
    "title_string desc": "-title",
    "name asc": "name",
}


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
    sort: str = "metadata_modified desc"


def apply_filters(datasets: QuerySet[Dataset], filters: dict[str, list[str]]) -> QuerySet:
    for key, values in filters.items():
        path = _FACET_PATHS[key][0]
        for value in values:
            # Each value narrows further (CKAN's fq is AND within and across fields).
            datasets = datasets.filter(**{path: value})
    return datasets.distinct()


def keyword_filter(datasets: QuerySet[Dataset], q: str) -> QuerySet[Dataset]:
    """Plain substring match on every word; the full-text engine replaces this when enabled."""
    for word in q.split():
        datasets = datasets.filter(
            Q(title__icontains=word)
            | Q(title_en__icontains=word)
            | Q(notes__icontains=word)
            | Q(notes_en__icontains=word)
            | Q(tags__name__icontains=word)
            | Q(organization__title__icontains=word)
        )
    return datasets.distinct()


def find_datasets(user, query: DatasetQuery) -> QuerySet[Dataset]:
    datasets = permissions.visible_datasets(user).select_related("organization", "license")
    if query.q.strip():
        datasets = keyword_filter(datasets, query.q)
    datasets = apply_filters(datasets, query.filters)
    return datasets.order_by(SORTS.get(query.sort, "-modified"), "name")


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
            Dataset.objects.filter(pk__in=ids)
            .exclude(**{f"{key}__isnull": True})
            .exclude(**{key: ""})
            .values(key, title, title_en)
            .annotate(n=Count("pk", distinct=True))
            .order_by("-n", key)[:limit]
        )
        chosen = set(active.get(name, []))
        result[name] = [
            FacetItem(r[key], r[title], r[title_en], r["n"], r[key] in chosen) for r in rows
        ]
    return result
