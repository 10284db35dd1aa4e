"""The relevance set's catalog (data/catalog.json) as real catalog rows, made by the services.

Organizations, datasets with tags, resources (by URL) and, when the datastore's tables exist,
the column headers of each dataset's first resource, as a loaded table would record them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.db import DatabaseError, transaction
from django.utils import timezone

from hiraku.catalog import services
from hiraku.catalog.models import Dataset, Organization
from hiraku.search import index
from tests import factories

DATA = Path(__file__).parent / "data"


def load_catalog_json() -> list[dict]:
    return json.loads((DATA / "catalog.json").read_text(encoding="utf-8"))


def organization_name(title: str) -> str:
    return "org-" + hashlib.sha256(title.encode()).hexdigest()[:12]


def load_relevance_catalog(entries: list[dict] | None = None) -> dict[str, Dataset]:
    """Create every dataset of the relevance set; returns them by relevance-set id."""
    actor = factories.platform_admin()
    organizations: dict[str, Organization] = {}
    datasets: dict[str, Dataset] = {}
    for entry in entries if entries is not None else load_catalog_json():
        title = entry["organization"]
        if title not in organizations:
            organizations[title] = services.create_organization(
                actor, name=organization_name(title), title=title
            )
        dataset = services.create_dataset(
            actor,
            organization=organizations[title],
            name=entry["id"],
            title=entry["title"],
            notes=entry["description"],
            tags=entry["tags"],
        )
        resources = [
            services.add_resource(
                actor, dataset, url=f"https://example.jp/{entry['id']}/{n}", name=name
            )
            for n, name in enumerate(entry["resources"])
        ]
        if entry["columns"] and add_table(resources[0], entry["columns"]):
            index.index_dataset(dataset)  # what the datastore does once a table is loaded
        datasets[entry["id"]] = dataset
    return datasets


def add_table(resource, headers: list[str]) -> bool:
    """Record a loaded table for ``resource``; False when the datastore has no tables yet."""
    try:
        from hiraku.datastore.models import ResourceTable
    except ImportError:
        return False
    columns = [{"name": f"c{n}", "label": h, "type": "text"} for n, h in enumerate(headers)]
    try:
        with transaction.atomic():
            ResourceTable.objects.create(
                resource=resource,
                table_name=f"t_{resource.pk.hex}",
                row_count=0,
                columns=columns,
                loaded=timezone.now(),
            )
    except DatabaseError:
        return False
    return True
