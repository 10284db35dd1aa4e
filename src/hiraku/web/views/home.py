from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hiraku.catalog import permissions
from hiraku.catalog.models import Organization, Theme


def home(request: HttpRequest) -> HttpResponse:
    datasets = permissions.visible_datasets(request.user)
    public = Q(datasets__state="active", datasets__private=False)
    themes = Theme.objects.annotate(n=Count("datasets", filter=public)).order_by("position")
    organizations = Organization.objects.annotate(n=Count("datasets", filter=public))
    return render(
        request,
        "web/home.html",
        {
            "dataset_count": datasets.count(),
            "organization_count": organizations.filter(n__gt=0).count(),
            "newest": datasets.select_related("organization").order_by("-created")[:6],
            "themes": themes,
        },
    )
