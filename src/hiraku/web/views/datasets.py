from __future__ import annotations

import uuid

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from hiraku.catalog import permissions, queries
from hiraku.catalog.markdown import render_markdown
from hiraku.catalog.models import Dataset, Resource

PAGE_SIZE = 20


def _query_from(request: HttpRequest) -> queries.DatasetQuery:
    filters = {
        key: [v for v in request.GET.getlist(key) if v][:5]
        for key in queries.FACET_FIELDS
        if request.GET.getlist(key)
    }
    sort = request.GET.get("sort", "")
    return queries.DatasetQuery(
        q=request.GET.get("q", "")[:500],
        filters={k: v for k, v in filters.items() if v},
        sort=sort if sort in queries.SORTS else "metadata_modified desc",
    )


def dataset_list(request: HttpRequest) -> HttpResponse:
    query = _query_from(request)
    datasets = queries.find_datasets(request.user, query)
    page = Paginator(datasets, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/dataset_list.html",
        {
            "query": query,
            "page": page,
            "facets": queries.facets(datasets, query.filters),
            "sorts": queries.SORTS,
        },
    )


def visible_dataset_or_404(request: HttpRequest, name: str) -> Dataset:
    dataset = Dataset.objects.select_related("organization", "license").filter(name=name).first()
    if dataset is None or not permissions.can_view_dataset(request.user, dataset):
        raise Http404(name)
    return dataset


def dataset_detail(request: HttpRequest, name: str) -> HttpResponse:
    try:
        # CKAN also answers /dataset/<id>/: keep those links working by redirecting.
        by_id = Dataset.objects.filter(pk=uuid.UUID(name)).first()
    except ValueError:
        by_id = None
    if by_id is not None:
        return redirect(by_id, permanent=True)
    dataset = visible_dataset_or_404(request, name)
    return render(
        request,
        "web/dataset_detail.html",
        {
            "dataset": dataset,
            "notes_html": render_markdown(dataset.display_notes),
            "resources": dataset.resources.all(),
            "can_edit": permissions.can_edit_dataset(request.user, dataset),
            "attribution": dataset.license.attribution_for(dataset),
        },
    )


def resource_detail(request: HttpRequest, name: str, resource_id: uuid.UUID) -> HttpResponse:
    dataset = visible_dataset_or_404(request, name)
    resource = get_object_or_404(Resource, pk=resource_id, dataset=dataset)
    return render(
        request,
        "web/resource_detail.html",
        {
            "dataset": dataset,
            "resource": resource,
            "attribution": dataset.license.attribution_for(dataset),
        },
    )
