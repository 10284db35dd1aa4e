"""Datasets, organizations and resources."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema

from hiraku.api import access, serializers
from hiraku.api.auth import api_user
from hiraku.catalog import queries
from hiraku.catalog.models import Dataset, Organization
from hiraku.datastore.models import ColumnInfo

router = Router(tags=["catalog"])
MAX_OFFSET = 1_000_000


class DatasetFilters(Schema):
    q: str = ""
    organization: list[str] = []
    groups: list[str] = []
    tags: list[str] = []
    res_format: list[str] = []
    license_id: list[str] = []
    sort: str = "metadata_modified desc"
    limit: int = 20
    offset: int = 0


@router.get("/datasets", summary="Search and list datasets")
def list_datasets(request: HttpRequest, filters: Query[DatasetFilters]):
    limit = max(0, min(filters.limit, 100))
    offset = max(0, min(filters.offset, MAX_OFFSET))
    query = queries.DatasetQuery(
        q=filters.q[:500],
        filters={k: v for k in queries.FACET_FIELDS if (v := getattr(filters, k, None))},
        sort=filters.sort,
    )
    results = queries.search_datasets(api_user(request), query, offset=offset, limit=limit)
    page = Dataset.objects.filter(pk__in=[d.pk for d in results.datasets]).select_related(
        "organization", "license").prefetch_related("tags", "themes", "resources__table")
    by_id = {d.pk: d for d in page}
    return {
        "count": results.total,
        "results": [serializers.package_dict(by_id[d.pk], request)
                    for d in results.datasets if d.pk in by_id],
        "facets": {name: [{"name": i.name, "title": i.title, "title_en": i.title_en,
                           "count": i.count} for i in items]
                   for name, items in results.facets.items()},
    }


@router.get("/datasets/{name_or_id}", summary="One dataset with its resources")
def get_dataset(request: HttpRequest, name_or_id: str):
    return serializers.package_dict(access.dataset_or_404(request, name_or_id), request)


@router.get("/organizations", summary="Organizations (課) with their dataset counts")
def list_organizations(request: HttpRequest):
    from django.db.models import Count, Q

    public = Q(datasets__state="active", datasets__private=False)
    organizations = Organization.objects.annotate(n=Count("datasets", filter=public))
    return [serializers.organization_dict(o, package_count=o.n) for o in organizations]


@router.get("/organizations/{name_or_id}", summary="One organization")
def get_organization(request: HttpRequest, name_or_id: str):
    organization = access.organization_or_404(name_or_id)
    return serializers.organization_dict(organization)


@router.get("/resources/{resource_id}", summary="One resource, with its table's columns")
def get_resource(request: HttpRequest, resource_id: str):
    resource = access.resource_or_404(request, resource_id)
    data = serializers.resource_dict(resource, request)
    table = getattr(resource, "table", None)
    data["datastore"] = None if table is None else {
        "row_count": table.row_count,
        "loaded": table.loaded.isoformat(),
        "fields": [{"name": c["label"], "type": c["type"]} for c in table.columns],
    }
    return data


@router.get("/resources/{resource_id}/dictionary", summary="The data dictionary of a table")
def get_dictionary(request: HttpRequest, resource_id: str):
    resource = access.resource_or_404(request, resource_id)
    return [
        {"name": c.source_name, "label": c.label, "label_en": c.label_en,
         "description": c.description, "description_en": c.description_en, "unit": c.unit,
         "type": c.type_override or c.type, "detected_type": c.type}
        for c in ColumnInfo.objects.filter(resource=resource)
    ]
