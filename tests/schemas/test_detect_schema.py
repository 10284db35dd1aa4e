"""detect_schema on the 12 real municipal files and on tables that follow no standard."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from hiraku.schemas.detect import MATCH_THRESHOLD
from hiraku.schemas.registry import detect_schema, list_schemas
from tests.schemas.sample_headers import SAMPLES, Sample

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "src/hiraku/demo/data"


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.file)
def test_each_sample_is_detected_as_its_standard_and_layout(sample: Sample) -> None:
    best, runner_up = detect_schema(list(sample.headers))[:2]
    assert (best.schema.id, best.layout) == (sample.schema_id, sample.layout)
    assert best.is_match
    assert best.score > runner_up.score


def test_the_samples_cover_all_three_layouts() -> None:
    assert {s.layout for s in SAMPLES} == {"current", "legacy", "english"}
    assert len(SAMPLES) == 12


def test_tourism_with_nineteen_local_columns_is_still_tourism() -> None:
    sample = next(s for s in SAMPLES if s.file == "yaizu_222127_tourism_sights.csv")
    best = detect_schema(list(sample.headers))[0]
    assert len(best.match.extras) == 19
    assert MATCH_THRESHOLD <= best.score < 1.0


@pytest.mark.parametrize(
    "headers",
    [
        ["名前", "値段", "備考"],
        ["年度", "歳入", "歳出", "差引"],
        ["date", "value"],
        [],
    ],
)
def test_a_table_that_follows_no_standard_gets_scored_candidates_but_no_match(
    headers: list[str],
) -> None:
    candidates = detect_schema(headers)
    assert len(candidates) == len(list_schemas())
    assert {c.schema.id for c in candidates} == {s.id for s in list_schemas()}
    assert not any(c.is_match for c in candidates)
    scores = [c.score for c in candidates]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] < 0.2


def test_closest_candidates_for_a_shared_column_name_say_how_close() -> None:
    best = detect_schema(["名前", "値段", "備考"])[0]
    assert 0.0 < best.score < MATCH_THRESHOLD
    assert ("備考", "備考") in best.mapping


def test_a_current_file_that_drops_the_address_block_is_still_found() -> None:
    sample = next(s for s in SAMPLES if s.file == "yaizu_222127_public_toilet.csv")
    headers = [h for h in sample.headers if not h.startswith("所在地_")]
    best = detect_schema(headers)[0]
    assert (best.schema.id, best.layout, best.is_match) == ("public-toilet", "current", True)


def _real_header(name: str) -> tuple[str, ...]:
    raw = (SAMPLE_DIR / name).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp932")
    rows = list(csv.reader(io.StringIO(text)))
    return tuple(next((r for r in rows if r and r[0] == "#property"), rows[0]))


@pytest.mark.skipif(not SAMPLE_DIR.is_dir(), reason="the sample files are missing")
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.file)
def test_the_recorded_headers_are_those_of_the_real_files(sample: Sample) -> None:
    assert _real_header(sample.file) == sample.headers
