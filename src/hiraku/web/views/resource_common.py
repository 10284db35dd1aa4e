"""What every page of a resource needs: the objects, its table, its views and its downloads."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hiraku.catalog.models import Dataset, Resource
from hiraku.datastore.models import ColumnInfo, LoadJob, ResourceTable
from hiraku.datastore.query import Table
from hiraku.web.places import PlaceColumns, place_columns
from hiraku.web.population import PopulationLayout, population_layout
from hiraku.web.profile import profile_for
from hiraku.web.views.datasets import visible_dataset_or_404


@dataclass(frozen=True)
class Download:
    label: Any
    format: str
    params: tuple[tuple[str, str], ...]
    note: Any = ""


# The export API's formats, as offered to people (CSV twice: Excel in Japan wants Shift_JIS).
DOWNLOADS = (
    Download(_("CSV (UTF-8)"), "csv", (("format", "csv"),)),
    Download(
        _("CSV for Excel (Shift_JIS)"),
        "csv",
        (("format", "csv"), ("encoding", "cp932")),
        _("opens in older Excel without garbled characters"),
    ),
    Download(_("Excel (XLSX)"), "xlsx", (("format", "xlsx"),)),
    Download(_("JSON Lines"), "ndjson", (("format", "ndjson"),), _("one record per line")),
    Download(_("GeoJSON"), "geojson", (("format", "geojson"),), _("points for GIS software")),
)


def english() -> bool:
    return (get_language() or "ja").startswith("en")


@dataclass
class ResourcePage:
    dataset: Dataset
    resource: Resource
    resource_table: ResourceTable | None = None
    table: Table | None = None
    profile: dict[str, Any] | None = None
    places: PlaceColumns | None = None
    population: PopulationLayout | None = None
    dictionary: dict[str, ColumnInfo] = field(default_factory=dict)
    last_load: LoadJob | None = None

    @property
    def has_map(self) -> bool:
        """Coordinate columns, and at least one row inside Japan (else no empty map)."""
        summary = (self.profile or {}).get("map") or {}
        return self.places is not None and summary.get("placed", 0) > 0

    @property
    def records_url(self) -> str:
        return reverse("api-v1:get_records", kwargs={"resource_id": str(self.resource.pk)})

    def url(self, view: str) -> str:
        return reverse(view, args=[self.dataset.name, self.resource.pk])

    def tabs(self, current: str) -> list[dict[str, Any]]:
        """The views of this table; a map only when rows have coordinates."""
        if self.table is None:
            return []
        tabs = [("web:resource", _("Table"))]
        if self.has_map:
            tabs.append(("web:resource_map", _("Map")))
        tabs.append(("web:resource_chart", _("Chart")))
        return [
            {"url": self.url(name), "label": label, "current": name == current}
            for name, label in tabs
        ]

    def downloads(self, filter_params: list[tuple[str, str]] | None = None) -> list[dict]:
        """Export links for the whole table, and for the rows ``filter_params`` select."""
        if self.table is None:
            return []
        out = []
        for item in DOWNLOADS:
            if item.format == "geojson" and self.places is None:
                continue
            export = urlencode(item.params)
            filtered = urlencode([*(filter_params or []), *item.params])
            out.append(
                {
                    "label": item.label,
                    "note": item.note,
                    "export": export,
                    "url": f"{self.records_url}?{export}",
                    "filtered_url": f"{self.records_url}?{filtered}",
                }
            )
        return out

    def context(self, current: str) -> dict[str, Any]:
        attribution = self.dataset.license.attribution_for(self.dataset)
        return {
            "dataset": self.dataset,
            "resource": self.resource,
            "table": self.table,
            "profile": self.profile,
            "places": self.places,
            "has_map": self.has_map,
            "population": self.population,
            "tabs": self.tabs(current),
            "downloads": self.downloads(),
            "narrowed": False,
            "attribution": attribution,
            "records_url": self.records_url,
            "last_load": self.last_load,
        }


def resource_page(request: HttpRequest, name: str, resource_id: uuid.UUID) -> ResourcePage:
    dataset = visible_dataset_or_404(request, name)
    resource = get_object_or_404(Resource, pk=resource_id, dataset=dataset)
    page = ResourcePage(dataset=dataset, resource=resource)
    page.resource_table = ResourceTable.objects.filter(resource=resource).first()
    if page.resource_table is None:
        page.last_load = LoadJob.objects.filter(resource=resource).first()
        return page
    page.table = Table(str(resource.pk), page.resource_table)
    page.profile = profile_for(page.resource_table, page.table)
    page.places = place_columns(page.table.columns, english=english())
    page.population = population_layout([c.label for c in page.table.columns])
    page.dictionary = {c.source_name: c for c in ColumnInfo.objects.filter(resource=resource)}
    return page
