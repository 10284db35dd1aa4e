"""What an export had to change or leave out, filled in while it streams."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ExportCounts:
    """Final once ``finished`` is true (after the last chunk)."""

    rows: int = 0  # data rows read
    unencodable: int = 0  # characters written as 〓 (CP932 CSV): the X-Hiraku-Unencodable count
    substituted: int = 0  # characters written as a CP932 equivalent (㉑ → 21, é → e)
    without_location: int = 0  # GeoJSON rows left out: no coordinates, or outside Japan
    shortened: int = 0  # XLSX cells cut to Excel's limit of 32,767 characters
    sheets: int = 0  # XLSX worksheets (a sheet holds at most 1,048,575 data rows)
    finished: bool = False
