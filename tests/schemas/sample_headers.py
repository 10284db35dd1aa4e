"""The header rows of the 12 reference samples, with the standard and layout each follows.

They are copied into data/sample_headers.csv (facts only: column names), so detection is tested
even where shared/ is not beside the repository; test_detect_schema checks the copy against the
real files when they are there.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data" / "sample_headers.csv"
REFERENCE = Path(__file__).resolve().parents[3] / "shared/reference/jp-standard-datasets"


@dataclass(frozen=True)
class Sample:
    file: str
    schema_id: str
    layout: str
    headers: tuple[str, ...]


def _load() -> tuple[Sample, ...]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle) if row and not row[0].startswith("#")]
    return tuple(Sample(row[0], row[1], row[2], tuple(row[3:])) for row in rows)


SAMPLES = _load()
BY_FILE = {sample.file: sample for sample in SAMPLES}
