"""The real frictionless CLI reads every schema file and validates the samples with them.

One CLI run over a data package (each sample file with its standard, and a header-only file for
each standard no sample follows): data errors are expected, errors about the schema are not.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hiraku.schemas.registry import get_schema, list_schemas
from tests.schemas.sample_headers import SAMPLES

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "src/hiraku/demo/data"
CLI = shutil.which("frictionless", path=str(Path(sys.executable).parent)) or shutil.which(
    "frictionless"
)
TABLE_ERROR_TAG = "#table"  # row, cell and label errors; schema/resource errors lack it


@pytest.mark.skipif(CLI is None, reason="frictionless CLI not installed")
@pytest.mark.skipif(not SAMPLE_DIR.is_dir(), reason="the sample files are missing")
def test_frictionless_cli_validates_samples_without_schema_errors(tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "data").mkdir()
    resources = []
    sampled = {sample.schema_id for sample in SAMPLES}
    for schema in list_schemas():
        shutil.copy(schema.path, tmp_path / "schemas" / schema.path.name)
        if schema.id in sampled:
            continue
        header_only = tmp_path / "data" / f"{schema.id}.csv"
        header_only.write_text(",".join(schema.field_names) + "\n", encoding="utf-8")
        resources.append(
            {"name": schema.id, "path": f"data/{schema.id}.csv",
             "schema": f"schemas/{schema.path.name}"}
        )  # fmt: skip
    for i, sample in enumerate(SAMPLES):
        shutil.copy(SAMPLE_DIR / sample.file, tmp_path / "data" / sample.file)
        resource = {
            "name": f"sample-{i}",
            "path": f"data/{sample.file}",
            "schema": f"schemas/{get_schema(sample.schema_id).path.name}",
        }
        if "population" in sample.file:
            resource["encoding"] = "cp932"
        resources.append(resource)
    (tmp_path / "datapackage.json").write_text(
        json.dumps({"name": "hiraku-schemas", "resources": resources}), encoding="utf-8"
    )
    completed = subprocess.run(
        [CLI, "validate", "datapackage.json", "--json", "--limit-rows", "20"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    report = json.loads(completed.stdout)
    assert report["errors"] == []
    assert len(report["tasks"]) == len(resources)
    for task in report["tasks"]:
        for error in task["errors"]:
            assert TABLE_ERROR_TAG in error["tags"], (task["name"], error["message"])
    schemas_read = {r["schema"] for r in resources}
    assert schemas_read == {f"schemas/{s.path.name}" for s in list_schemas()}
    tasks = {task["name"]: task for task in report["tasks"]}
    assert tasks["event"]["valid"]
    hydrant = next(i for i, s in enumerate(SAMPLES) if s.schema_id == "fire-hydrant")
    assert tasks[f"sample-{hydrant}"]["valid"]  # 焼津市's current-layout file conforms
