"""`hiraku ingest FILE --dataset SLUG [--org SLUG] [--resource NAME]`: script a whole catalog."""

from __future__ import annotations

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hiraku.catalog import permissions, services
from hiraku.catalog.models import Dataset, Organization
from hiraku.datastore.indexing import build_indexes
from hiraku.datastore.load import run_load
from hiraku.datastore.models import LoadJob
from hiraku.errors import HirakuError


class Command(BaseCommand):
    help = ("Add or replace a resource from FILE and load it into the datastore, creating the "
            "dataset (and organization) when missing.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dataset", required=True, help="dataset name (URL slug)")
        parser.add_argument("--org", help="organization name (URL slug); created when missing")
        parser.add_argument("--resource", help="resource name (default: the file name)")
        parser.add_argument("--title", help="title of a dataset created by this command")
        parser.add_argument("--sheet", default="", help="Excel sheet to load")
        parser.add_argument("--user", help="act as this user (default: the platform itself)")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"ファイルがありません / No such file: {path}")
        actor = self._actor(options["user"])
        try:
            with transaction.atomic():
                dataset = self._dataset(actor, options, path)
                resource = self._resource(actor, dataset, options, path)
            job = LoadJob.objects.filter(resource=resource).order_by("-created").first()
            if job is None:
                self.stdout.write(f"{resource.name}: stored (not a table, nothing to load)")
                return
            job = run_load(job, self._progress()) if job.status == "queued" else job
        except HirakuError as error:
            raise CommandError(f"{error.message_ja} / {error.message_en}") from error
        if sys.stderr.isatty():
            sys.stderr.write("\n")
        if job.status != LoadJob.Status.DONE:
            raise CommandError(f"{job.error_ja} / {job.error_en}")
        build_indexes(job.table_name)  # now rather than waiting for a worker
        self.stdout.write(f"{dataset.name}/{resource.name}: {job.row_count} rows loaded "
                          f"({len(job.report['columns'])} columns)")

    def _actor(self, username: str | None):
        if not username:
            return permissions.SYSTEM
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"ユーザーがいません / No such user: {username}")
        return user

    def _dataset(self, actor, options, path: Path) -> Dataset:
        dataset = Dataset.objects.filter(name=options["dataset"]).first()
        if dataset is not None:
            return dataset
        if not options["org"]:
            raise CommandError("データセットを作るには --org が必要です / "
                               "--org is needed to create a new dataset")
        organization = Organization.objects.filter(name=options["org"]).first()
        if organization is None:
            organization = services.create_organization(actor, name=options["org"],
                                                        title=options["org"])
        return services.create_dataset(actor, organization=organization,
                                       name=options["dataset"],
                                       title=options["title"] or path.stem)

    def _resource(self, actor, dataset: Dataset, options, path: Path):
        name = options["resource"] or path.stem
        existing = dataset.resources.filter(name=name).first()
        with path.open("rb") as handle:
            if existing is None:
                return services.add_resource(actor, dataset, upload=handle, filename=path.name,
                                             name=name)
            return services.update_resource(actor, existing, upload=handle, filename=path.name)

    @staticmethod
    def _progress():
        if not sys.stderr.isatty():
            return None

        def show(stage: str, rows: int, total: int | None) -> None:
            if stage == "analyse":
                sys.stderr.write(f"\r解析中 / analysing: {rows:,} rows")
            else:
                percent = 100 * rows // total if total else 0
                bar = "#" * (percent // 4)
                sys.stderr.write(f"\r読込中 / loading: [{bar:<25}] {percent:3d}% {rows:,} rows")
            sys.stderr.flush()

        return show
