"""Check one data row against a standard: the problems it has and the row as mended.

The same :class:`RowChecker` serves ``validate_file`` (which keeps the problems) and
``fix_file`` (which writes the mended row), so what the report calls fixable is exactly what
``--fix`` writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hiraku.jp import column_order, in_japan
from hiraku.jp.text import SPACES
from hiraku.schemas import rules
from hiraku.schemas.checks import checker_for, coordinate
from hiraku.schemas.codes import Problem, severity_for
from hiraku.schemas.model import SchemaField, StandardSchema
from hiraku.schemas.records import RowMap
from hiraku.tabular import RawRow, RawTable

_LINE_BREAK = re.compile("[\n\r\u2028\u2029\x85\v]")  # what jp.text.has_line_break finds
LATITUDE = (20, 46)  # hiraku.jp.geo: Japan's bounding box, rounded outwards
LONGITUDE = (122, 154)


@dataclass
class CheckedRow:
    problems: list[Problem]
    values: dict[str, str]  # present current fields, mended
    extras: list[str]  # local columns, mended (line breaks only)


def _is_date(field: SchemaField) -> bool:
    return field.rule == "date" or (field.rule is None and field.type == "date")


def date_orders(table: RawTable, row_map: RowMap) -> dict[str, str]:
    """How each date column writes year-last dates (5/1/2023), decided over the whole column
    in a first pass: a first part above 12 proves day-first, a second part above 12
    month-first. Files without date columns are not read twice."""
    fields = [name for name in row_map.fields if _is_date(row_map.schema.field(name))]
    if not fields:
        return {}
    proofs: dict[str, set[str]] = {name: set() for name in fields}
    for row in table.rows():
        values, _ = row_map.read([cell or "" for cell in row.cells])
        for name in fields:
            value = values.get(name, "")
            if value and value[0].isdigit() and not rules.is_iso_date(value):
                proofs[name].add(column_order([value]))
    row_map.conflicts.clear()  # counted again by the real pass
    orders = {}
    for name, proof in proofs.items():
        proof.discard("ymd")
        orders[name] = proof.pop() if len(proof) == 1 else "ymd"
    return orders


class RowChecker:
    def __init__(self, row_map: RowMap, orders: dict[str, str] | None = None) -> None:
        self.row_map = row_map
        schema: StandardSchema = row_map.schema
        self.fields = {name: schema.field(name) for name in row_map.fields}
        orders = orders or {}
        self.checks = {
            name: checker_for(field, date_order=orders.get(name, "ymd"))
            for name, field in self.fields.items()
        }
        self.labels = {name: row_map.label(name) for name in row_map.fields}
        self.latitude = next((n for n, f in self.fields.items() if f.rule == "latitude"), None)
        self.longitude = next((n for n, f in self.fields.items() if f.rule == "longitude"), None)
        self.column_fields = {
            c.index: c.field for c in row_map.match.columns if c.field and c.role == "copy"
        }

    def check(self, row: RawRow) -> CheckedRow:
        problems: list[Problem] = []
        cells = [cell or "" for cell in row.cells]
        # One search over the whole row: nearly every row has no line break at all.
        if _LINE_BREAK.search("\x1f".join(cells)):
            self._line_breaks(row.line, cells, problems)
        values, failed = self.row_map.read(cells)
        for index in failed:
            problems.append(self._split_failed(row.line, index, cells[index]))
        mended = {name: self._check_value(row.line, name, values[name], problems)
                  for name in self.fields}  # fmt: skip
        self._coordinates(row.line, mended, problems)
        extras = [cells[i] for i in self.row_map.extras]
        return CheckedRow(problems, mended, extras)

    def _problem(
        self, line: int, name: str, value: str, code: str, ja: str, en: str, fix: str | None
    ) -> Problem:
        field = self.fields[name]
        severity = severity_for(code, field.severity, field.rule)
        if code == "enum" and field.enum_open:  # real files extend this vocabulary
            severity = "warning"
        return Problem(
            code,
            severity,
            ja,
            en,
            row=line,
            column=self.labels[name],
            field=name,
            value=value,
            fix=fix,
            fixable=fix is not None,
        )

    def _line_breaks(self, line: int, cells: list[str], problems: list[Problem]) -> None:
        for index, cell in enumerate(cells):
            if index in self.row_map.markers:
                continue
            finding = rules.check_line_break(cell)
            if finding is None:
                continue
            problems.append(
                Problem(
                    finding.code,
                    severity_for(finding.code),
                    finding.message_ja,
                    finding.message_en,
                    row=line,
                    column=self.row_map.header(index),
                    field=self.column_fields.get(index),
                    value=cell,
                    fix=finding.fix,
                    fixable=True,
                )
            )
            cells[index] = finding.fix or ""

    def _split_failed(self, line: int, index: int, cell: str) -> Problem:
        header = self.row_map.header(index)
        return Problem(
            "cell-split",
            severity_for("cell-split"),
            f"「{header}」の値「{cell}」を標準の列に分けられません。",
            f"The value '{cell}' of '{header}' cannot be split into the standard's columns.",
            row=line,
            column=header,
            value=cell,
        )

    def _check_value(self, line: int, name: str, value: str, problems: list[Problem]) -> str:
        field = self.fields[name]
        if not value or (value[0] in SPACES and not value.strip(SPACES)):
            if field.required and field.rule != "flag":  # an empty flag means "no"
                problems.append(
                    self._problem(
                        line,
                        name,
                        value,
                        "required-missing",
                        f"必須の項目「{name}」が空です。",
                        f"The required value '{name}' is empty.",
                        None,
                    )
                )
            if value:
                problems.append(
                    self._problem(
                        line,
                        name,
                        value,
                        "whitespace",
                        "空白だけのセルです。空欄にします。",
                        "The cell holds only spaces; emptied.",
                        "",
                    )
                )
            return ""
        current = value
        for finding in self.checks[name](value):
            problems.append(
                self._problem(
                    line,
                    name,
                    value,
                    finding.code,
                    finding.message_ja,
                    finding.message_en,
                    finding.fix,
                )
            )
            if finding.fix is not None:
                current = finding.fix
        return current

    def _coordinates(self, line: int, values: dict[str, str], problems: list[Problem]) -> None:
        """Range and swaps need both columns: 138.3, 34.8 is a swapped pair, not two errors."""
        lat_name, lon_name = self.latitude, self.longitude
        lat = coordinate(values[lat_name]) if lat_name and values.get(lat_name) else None
        lon = coordinate(values[lon_name]) if lon_name and values.get(lon_name) else None
        if lat is not None and lon is not None and lat_name and lon_name:
            if in_japan(float(lat), float(lon)):
                return
            if in_japan(float(lon), float(lat)):
                lat_text, lon_text = values[lat_name], values[lon_name]
                for name, value, fix in (
                    (lat_name, lat_text, lon_text),
                    (lon_name, lon_text, lat_text),
                ):
                    problems.append(
                        self._problem(
                            line,
                            name,
                            value,
                            "latlon-swapped",
                            f"緯度と経度が入れ替わっています（緯度 {lat_text}、経度 {lon_text}）。",
                            f"Latitude and longitude are swapped (latitude {lat_text}, "
                            f"longitude {lon_text}).",
                            fix,
                        )
                    )
                    values[name] = fix
                return
        if lat is not None and lat_name and not LATITUDE[0] <= lat <= LATITUDE[1]:
            problems.append(
                self._problem(
                    line,
                    lat_name,
                    values[lat_name],
                    "lat-out-of-range",
                    f"緯度 {values[lat_name]} は日本の範囲（20〜46度）の外です。",
                    f"Latitude {values[lat_name]} is outside Japan (20 to 46 degrees).",
                    None,
                )
            )
        if lon is not None and lon_name and not LONGITUDE[0] <= lon <= LONGITUDE[1]:
            problems.append(
                self._problem(
                    line,
                    lon_name,
                    values[lon_name],
                    "lon-out-of-range",
                    f"経度 {values[lon_name]} は日本の範囲（122〜154度）の外です。",
                    f"Longitude {values[lon_name]} is outside Japan (122 to 154 degrees).",
                    None,
                )
            )
