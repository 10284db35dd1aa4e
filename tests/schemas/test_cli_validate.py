"""`hiraku validate` as a user runs it: exit codes, JSON keys, bilingual text, --fix."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from hiraku.schemas.validate import validate_file
from tests.schemas.crafted import DEMO_DATA, write_table

ROOT = Path(__file__).resolve().parents[2]


def hiraku(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hiraku.cli", "validate", *map(str, args)],
        capture_output=True, text=True, timeout=60, check=False, cwd=cwd,
    )  # fmt: skip


def test_a_conforming_file_exits_0_with_a_bilingual_verdict() -> None:
    done = hiraku(DEMO_DATA / "yaizu_222127_fire_hydrant.csv")
    assert done.returncode == 0, done.stderr
    assert "適合 conforms" in done.stdout
    assert "標準に適合しています" in done.stdout and "Conforms to the" in done.stdout


def test_a_file_with_errors_exits_1_and_names_rows_columns_and_fixes() -> None:
    done = hiraku(DEMO_DATA / "yaizu_222127_evacuation_space.csv")
    assert done.returncode == 1
    assert "[error] flag  2行目 row 2, 「災害種別_地震」" in done.stdout
    assert "修正案 fix: '1'" in done.stdout
    assert "flag: 他 57 件 / 57 more" in done.stdout


def test_json_lists_each_problem_with_the_documented_keys() -> None:
    done = hiraku(DEMO_DATA / "yaizu_222127_tourism_sights.csv", "--json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["schema"]["id"] == "tourism" and report["conforms"] is False
    assert report["counts"]["by_code"]["line-break"] == 5
    problem = next(p for p in report["problems"] if p["code"] == "line-break")
    assert {"code", "row", "column", "value", "message_ja", "message_en", "severity", "fix"} <= (
        set(problem)
    )


def test_no_standard_lists_candidates_and_scores_and_exits_0(tmp_path: Path) -> None:
    path = write_table(tmp_path / "items.csv", ["品目", "名称", "住所"], [["a", "b", "c"]])
    done = hiraku(path)
    assert done.returncode == 0
    assert "標準データセットは検出されませんでした / no standard detected" in done.stdout
    assert "近い候補 closest candidates:" in done.stdout
    scores = re.findall(r"^    (0\.\d\d)  ([a-z-]+)  ", done.stdout, re.MULTILINE)
    assert len(scores) == 5 and all(float(score) < 0.5 for score, _ in scores)


def test_naming_a_standard_the_file_does_not_follow_exits_1(tmp_path: Path) -> None:
    path = write_table(tmp_path / "items.csv", ["品目", "名称", "住所"], [["a", "b", "c"]])
    done = hiraku(path, "--schema", "aed", "--json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["detected"] is False and report["schema"]["id"] == "aed"
    assert report["problems"][0]["code"] == "schema-mismatch"
    assert len(report["candidates"]) == 5 and all(c["score"] < 0.5 for c in report["candidates"])


def test_unreadable_files_exit_2_with_the_reason(tmp_path: Path) -> None:
    missing = hiraku(tmp_path / "missing.csv")
    assert missing.returncode == 2
    assert "開けません" in missing.stderr and "could not be opened" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_an_unknown_schema_exits_2_listing_the_known_ones() -> None:
    done = hiraku(DEMO_DATA / "yaizu_222127_aed.csv", "--schema", "toilets")
    assert done.returncode == 2
    assert "public-toilet" in done.stderr and "Traceback" not in done.stderr


def test_fix_writes_the_file_and_exits_0_when_everything_was_fixable(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    done = hiraku(DEMO_DATA / "yaizu_222127_evacuation_space.csv", "--fix", "-o", out)
    assert done.returncode == 0, done.stderr
    assert "直したもの fixed: flag 62" in done.stdout
    assert validate_file(out).conforms is True


def test_fix_exits_1_and_says_what_it_could_not_fix(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    done = hiraku(DEMO_DATA / "yaizu_222127_tourism_sights.csv", "--fix", "-o", out, "--json")
    assert done.returncode == 1 and out.exists()
    report = json.loads(done.stdout)
    assert report["unfixed_counts"] == {"phone": 1} and report["fixed"] == {"line-break": 5}


def test_fix_needs_an_output_file() -> None:
    done = hiraku(DEMO_DATA / "yaizu_222127_aed.csv", "--fix")
    assert done.returncode == 2 and "-o" in done.stderr


def test_hiraku_lists_the_validate_command() -> None:
    done = subprocess.run([sys.executable, "-m", "hiraku.cli", "--help"], capture_output=True,
                          text=True, timeout=60, check=False, cwd=ROOT)  # fmt: skip
    assert "validate" in done.stdout
