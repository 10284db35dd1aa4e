from __future__ import annotations

from django_tasks import task


@task()
def check_resource(resource_id: str) -> None:
    from hiraku.catalog.models import Resource
    from hiraku.standards.services import check_resource as check

    resource = Resource.objects.select_related("dataset").filter(pk=resource_id).first()
    if resource is not None:
        check(resource)
