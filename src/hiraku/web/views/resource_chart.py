"""A resource's charts: the chart builder (its state in the URL, so a chart can be shared) and,
for 地域・年齢別人口 tables, a population pyramid per area. Every chart comes with its table."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hiraku.datastore.query import QueryError, Table
from hiraku.web.charts import NUMERIC, ChartData, ChartProblem, ChartSpec, build_chart, default_spec
from hiraku.web.pyramid import Pyramid, build_pyramid
from hiraku.web.views.resource_common import english, resource_page


def _title(data: ChartData) -> str:
    if data.spec.measure == "sum" and data.y is not None:
        return _("Total of {y} by {x}").format(y=data.y.label, x=data.x.label)
    if data.spec.measure == "avg" and data.y is not None:
        return _("Average of {y} by {x}").format(y=data.y.label, x=data.x.label)
    return _("Number of rows by {x}").format(x=data.x.label)


def _value_title(data: ChartData) -> str:
    if data.spec.measure == "sum" and data.y is not None:
        return _("Total of {y}").format(y=data.y.label)
    if data.spec.measure == "avg" and data.y is not None:
        return _("Average of {y}").format(y=data.y.label)
    return _("Number of rows")


def _chart_config(data: ChartData) -> dict[str, Any]:
    return {
        "kind": data.spec.kind,
        "labels": data.labels,
        "values": data.values,
        "title": _title(data),
        "xTitle": data.x.label,
        "yTitle": _value_title(data),
    }


def _pyramid_config(pyramid: Pyramid) -> dict[str, Any]:
    oldest_first = list(reversed(pyramid.rows))  # a pyramid has the youngest at the bottom
    return {
        "labels": [r.band for r in oldest_first],
        "male": [r.male for r in oldest_first],
        "female": [r.female for r in oldest_first],
        "maleLabel": _("Men"),
        "femaleLabel": _("Women"),
        "xTitle": _("People"),
        "yTitle": _("Age"),
    }


def _builder_choices(table: Table) -> dict[str, Any]:
    return {
        "kinds": [("bar", _("Bar chart")), ("line", _("Line chart"))],
        "measures": [
            ("count", _("Number of rows")),
            ("sum", _("Total of a column")),
            ("avg", _("Average of a column")),
        ],
        "periods": [
            ("", _("automatic")),
            ("day", _("day")),
            ("month", _("month")),
            ("year", _("year")),
        ],
        "x_columns": [c.label for c in table.columns],
        "y_columns": [c.label for c in table.columns if c.type in NUMERIC],
        "other_columns": [c.label for c in table.columns if c.type not in NUMERIC],
        "has_dates": any(c.type in ("date", "datetime") for c in table.columns),
    }


def _first_chart(page) -> ChartSpec:
    layout = page.population
    if layout is not None and layout.area and layout.total:  # the largest areas
        return ChartSpec(x=layout.area, measure="sum", y=layout.total)
    return default_spec(page.table, page.profile)


def resource_chart(request: HttpRequest, name: str, resource_id: uuid.UUID) -> HttpResponse:
    page = resource_page(request, name, resource_id)
    context = page.context("web:resource_chart")
    context["heading_suffix"] = _("Chart")
    table = page.table
    if table is None:
        return render(request, "web/resource_chart.html", context)
    language = "en" if english() else "ja"
    spec = ChartSpec.from_params(request.GET) if request.GET.get("x") else _first_chart(page)
    chart, problem = None, ""
    try:
        chart = build_chart(table, spec)
    except (ChartProblem, QueryError) as error:
        problem = error.message(language)
    context.update(_builder_choices(table))
    context.update(
        {
            "spec": spec,
            "chart": chart,
            "problem": problem,
            "chart_title": _title(chart) if chart else "",
            "value_title": _value_title(chart) if chart else "",
            "chart_rows": list(zip(chart.labels, chart.values, strict=True)) if chart else [],
            "chart_config": _chart_config(chart) if chart else None,
            "share_url": request.build_absolute_uri(f"{request.path}?{urlencode(spec.params())}"),
        }
    )
    if page.population is not None:
        pyramid = build_pyramid(table, page.population, request.GET.get("area", "")[:500])
        context.update(
            {
                "pyramid": pyramid,
                "pyramid_config": _pyramid_config(pyramid),
                "spec_params": spec.params() if request.GET.get("x") else [],
            }
        )
    return render(request, "web/resource_chart.html", context)
