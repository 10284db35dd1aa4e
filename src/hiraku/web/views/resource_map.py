"""A resource's map: clustered markers (map.js, from the records API as GeoJSON), a list of the
same places that works without JavaScript, and the rows the map cannot place."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

import nh3
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hiraku.api.records import json_lists
from hiraku.datastore.query import Column, Filter, RecordsQuery, Table, run_records
from hiraku.web.places import PlaceColumns
from hiraku.web.views.resource_common import resource_page
from hiraku.web.views.resources import display

LIST_SIZE = 50
UNPLACED_SHOWN = 100  # the records API's limit for one `in` filter


def tile_attribution() -> str:
    """The tiles' attribution from the settings, reduced to text and links."""
    return nh3.clean(
        settings.MAP_TILE_ATTRIBUTION,
        tags={"a"},
        attributes={"a": {"href"}},
        url_schemes={"https", "http"},
    )


def _page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except ValueError:
        return 1


def _rows(table: Table, columns: list[Column], query: RecordsQuery) -> tuple[list, int]:
    result = run_records(table, query)
    return [[display(v) for v in row] for row in json_lists(result.columns, result.rows)], (
        result.total or 0
    )


def _fields_param(columns: list[Column]) -> list[tuple[str, str]]:
    # The API splits `fields` on commas; a label holding one means asking for every column.
    if any("," in c.label for c in columns):
        return []
    return [("fields", ",".join(c.label for c in columns))]


def _config(page, places: PlaceColumns, columns: list[Column]) -> dict[str, Any]:
    geojson = urlencode([*_fields_param(columns), ("format", "geojson")])
    return {
        "geojson": f"{page.records_url}?{geojson}",
        "records": page.records_url,
        "preview": page.url("web:resource"),
        "fields": [c.label for c in columns],
        "fieldsParam": dict(_fields_param(columns)).get("fields"),
        "locationCount": len(places.location),
        "main": [c.label for c in places.main],
        "latitude": places.latitude.label if places.filterable_by_area else None,
        "longitude": places.longitude.label if places.filterable_by_area else None,
        "tiles": settings.MAP_TILE_URL,
        "attribution": tile_attribution(),
        "text": {
            "placed": _("{count} places on the map."),
            "inArea": _("{count} places in the map area (showing up to {shown})."),
            "noneInArea": _("No places in the map area. Zoom out or move the map."),
            "loading": _("Loading the places…"),
            "failed": _("The places could not be loaded. The list below still works."),
            "located": _("Showing places near you."),
            "noLocation": _(
                "Your location is not available. Allow it in the browser, or move the map yourself."
            ),
            "you": _("You are here"),
            "zoomIn": _("Zoom in"),
            "zoomOut": _("Zoom out"),
            "marker": _("Place"),
        },
    }


def resource_map(request: HttpRequest, name: str, resource_id: uuid.UUID) -> HttpResponse:
    page = resource_page(request, name, resource_id)
    if not page.has_map:
        raise Http404("no map")
    places, table = page.places, page.table
    assert places is not None and table is not None
    columns = [*places.main, *places.location]
    names = [c.name for c in columns]
    number = _page_number(request.GET.get("page"))
    rows, total = _rows(
        table,
        columns,
        RecordsQuery(fields=names, limit=LIST_SIZE, offset=(number - 1) * LIST_SIZE),
    )
    last = max(1, -(-total // LIST_SIZE))
    summary = (page.profile or {}).get("map") or {}
    unplaced_ids = list(summary.get("unplaced_ids") or [])[:UNPLACED_SHOWN]
    unplaced: list = []
    if unplaced_ids:
        unplaced, _count = _rows(
            table,
            columns,
            RecordsQuery(
                fields=names,
                filters=[Filter("_id", "in", unplaced_ids)],
                limit=UNPLACED_SHOWN,
                include_total=False,
            ),
        )
    context = page.context("web:resource_map")
    context.update(
        {
            "heading_suffix": _("Map"),
            "list_columns": columns,
            "main_count": len(places.main),
            "list_rows": rows,
            "list_first": (number - 1) * LIST_SIZE + 1 if rows else 0,
            "list_last": (number - 1) * LIST_SIZE + len(rows),
            "list_total": total,
            "previous_url": "?" + urlencode({"page": number - 1}) if number > 1 else "",
            "next_url": "?" + urlencode({"page": number + 1}) if number < last else "",
            "page_number": number,
            "page_count": last,
            "placed": summary.get("placed", 0),
            "unplaced_count": summary.get("unplaced", 0),
            "unplaced_rows": unplaced,
            "unplaced_more": max(0, summary.get("unplaced", 0) - len(unplaced)),
            "map_config": _config(page, places, columns),
            "tile_attribution": tile_attribution(),
            "tiles": bool(settings.MAP_TILE_URL),
        }
    )
    return render(request, "web/resource_map.html", context)
