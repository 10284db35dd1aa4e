from __future__ import annotations

import uuid

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from hiraku.catalog import permissions, queries
from hiraku.catalog.markdown import render_markdown
from hiraku.catalog.models import Dataset
from hiraku.standards.models import Conformance

PAGE_SIZE = 20
# Longer text is cut by the query parser (with a notice); this only bounds the work before it.
MAX_Q_CHARS = 1000
MAX_FILTER_VALUES = 5
# NUL and other control characters cannot be stored in PostgreSQL text and mean nothing here.
_CONTROLS = dict.fromkeys([*range(0x20), 0x7F])
# The sorts offered on the page (the API accepts every name in queries.SORTS).
SORT_CHOICES = {
    queries.RELEVANCE: _("Relevance"),
    "metadata_modified desc": _("Recently updated"),
    "metadata_created desc": _("Newest"),
    "title_string asc": _("Title"),
}


def _clean(value: str) -> str:
    return value.translate(_CONTROLS)


def _query_from(request: HttpRequest) -> queries.DatasetQuery:
    filters = {}
    for key in queries.FACET_FIELDS:
        values = [_clean(v) for v in request.GET.getlist(key)]
        values = [v for v in values if v][:MAX_FILTER_VALUES]
        if values:
            filters[key] = values
    sort = request.GET.get("sort", "")
    return queries.DatasetQuery(
        q=_clean(request.GET.get("q", "")[:MAX_Q_CHARS]),
        filters=filters,
        sort=sort if sort in queries.SORTS else "",
    )


def _page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except ValueError:
        return 1


def dataset_list(request: HttpRequest) -> HttpResponse:
    query = _query_from(request)
    number = _page_number(request.GET.get("page"))

    def run(number: int) -> queries.DatasetResults:
        offset = (number - 1) * PAGE_SIZE
        return queries.search_datasets(request.user, query, offset=offset, limit=PAGE_SIZE)

    results = run(number)
    last = max(1, -(-results.total // PAGE_SIZE))
    if number > last:  # past the end, as Paginator.get_page does: show the last page
        number = last
        if results.total:
            results = run(number)
    page = Page(results.datasets, number, Paginator(range(results.total), PAGE_SIZE))
    sorts = [
        (name, label)
        for name, label in SORT_CHOICES.items()
        if name != queries.RELEVANCE or query.has_text
    ]
    return render(
        request,
        "web/dataset_list.html",
        {
            "query": query,
            "results": results,
            "page": page,
            "facets": results.facets,
            "sorts": sorts,
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
            "conformances": Conformance.objects.filter(resource__dataset=dataset)
            .exclude(schema_id="").select_related("resource").order_by("resource__position"),
        },
    )
