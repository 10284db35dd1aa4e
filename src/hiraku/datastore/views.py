from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string

from hiraku.catalog import permissions
from hiraku.datastore.models import LoadJob


@staff_member_required
def load_status(request: HttpRequest, job_id) -> HttpResponse:
    """The status fragment the staff page polls while a load runs."""
    job = get_object_or_404(LoadJob.objects.select_related("resource__dataset"), pk=job_id)
    if not permissions.can_edit_dataset(request.user, job.resource.dataset):
        raise Http404("load")
    html = render_to_string("datastore/status.html", {"job": job, "resource": job.resource},
                            request=request)
    return HttpResponse(html)
