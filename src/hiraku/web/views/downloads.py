"""Original files, byte for byte, with headers that browsers and caches understand."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.http import FileResponse, Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.http import condition

from hiraku.catalog.models import Resource
from hiraku.web.views.datasets import visible_dataset_or_404


def _resource(request: HttpRequest, name: str, resource_id: uuid.UUID) -> Resource:
    dataset = visible_dataset_or_404(request, name)
    return get_object_or_404(Resource, pk=resource_id, dataset=dataset)


def _etag(request: HttpRequest, name: str, resource_id: uuid.UUID, filename: str) -> str | None:
    resource = Resource.objects.filter(pk=resource_id).only("sha256").first()
    return f'"{resource.sha256}"' if resource and resource.sha256 else None


def _last_modified(
    request: HttpRequest, name: str, resource_id: uuid.UUID, filename: str
) -> datetime | None:
    resource = Resource.objects.filter(pk=resource_id).only("modified").first()
    return resource.modified if resource else None


@condition(etag_func=_etag, last_modified_func=_last_modified)
def resource_download(request: HttpRequest, name: str, resource_id: uuid.UUID, filename: str):
    resource = _resource(request, name, resource_id)
    if not resource.is_upload:
        if not resource.url:
            raise Http404("no file")
        return HttpResponseRedirect(resource.url)
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("file missing") from error
    # Always an attachment: an uploaded HTML or SVG must never run on our origin.
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=resource.filename or "download",
        content_type=resource.mimetype or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
