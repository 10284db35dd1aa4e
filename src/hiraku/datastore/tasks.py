"""Background tasks (Django's Tasks API through the django-tasks backport)."""

from __future__ import annotations

from django_tasks import task

from hiraku.datastore.models import LoadJob


@task()
def load_resource(job_id: str) -> None:
    from hiraku.datastore.load import run_load

    job = LoadJob.objects.filter(pk=job_id, status=LoadJob.Status.QUEUED).first()
    if job is not None:  # already run, or the resource was deleted meanwhile
        run_load(job)


@task()
def index_table(table_name: str) -> None:
    """After a load: indexes, then the column profile the public pages show (so the first
    visitor of a big table does not wait for it)."""
    from hiraku.datastore.indexing import build_indexes
    from hiraku.datastore.models import ResourceTable
    from hiraku.datastore.query import Table
    from hiraku.web.profile import profile_for

    build_indexes(table_name)
    current = ResourceTable.objects.filter(table_name=table_name).first()
    if current is not None:
        profile_for(current, Table(str(current.resource_id), current))
