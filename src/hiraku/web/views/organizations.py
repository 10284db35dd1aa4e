from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from hiraku.catalog import permissions, queries
from hiraku.catalog.markdown import render_markdown
from hiraku.catalog.models import Organization, Theme


def organization_list(request: HttpRequest) -> HttpResponse:
    public = Q(datasets__state="active", datasets__private=False)
    organizations = Organization.objects.annotate(n=Count("datasets", filter=public))
    return render(request, "web/organization_list.html", {"organizations": organizations})


def organization_detail(request: HttpRequest, name: str) -> HttpResponse:
    organization = get_object_or_404(Organization, name=name)
    datasets = permissions.visible_datasets(request.user).filter(organization=organization)
    page = Paginator(datasets.order_by("-modified"), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "web/organization_detail.html",
        {
            "organization": organization,
            "description_html": render_markdown(organization.display_description),
            "page": page,
            "children": organization.children.all(),
        },
    )


def theme_detail(request: HttpRequest, name: str) -> HttpResponse:
    theme = get_object_or_404(Theme, name=name)
    query = queries.DatasetQuery(filters={"groups": [theme.name]})
    datasets = queries.find_datasets(request.user, query)
    page = Paginator(datasets, 20).get_page(request.GET.get("page"))
    return render(request, "web/theme_detail.html", {"theme": theme, "page": page})
