"""The real `ckanapi` client against live Hiraku servers: search, datastore, dump → load."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.live.server import action, hiraku, serving, wait_for

pytestmark = pytest.mark.live

CKANAPI = str(Path(sys.executable).with_name("ckanapi"))
PARKS = "名称,区分,面積\n中央公園,都市公園,12000\n北公園,街区公園,800\n"


def ckanapi(*args: str, cwd: Path | None = None) -> str:
    if not Path(CKANAPI).exists() and not shutil.which("ckanapi"):
        pytest.fail("ckanapi is not installed (it is a test dependency)")
    # ckanapi starts worker processes by name, so its directory must be on PATH.
    env = {**os.environ, "PATH": f"{Path(CKANAPI).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run([CKANAPI, *args], capture_output=True, text=True, timeout=300,
                            cwd=cwd, env=env)
    assert result.returncode == 0, result.stderr[-3000:] + result.stdout[-2000:]
    return result.stdout


def _datastore_active(base: str, resource_id: str) -> bool:
    result = action(base, "resource_show", id=resource_id)
    return result.get("success") and result["result"]["datastore_active"]


def test_search_datastore_and_dump_load_round_trip(database_env_factory, tmp_path):
    source, target = database_env_factory("source"), database_env_factory("target")
    for env in (source, target):
        hiraku("migrate", "--no-input", env=env)
    parks = tmp_path / "parks.csv"
    parks.write_text(PARKS, encoding="cp932")
    hiraku("ingest", str(parks), "--dataset", "parks", "--org", "kouen", "--resource",
           "公園一覧", env=source)
    hiraku("demo", "--no-users", env=source)
    hiraku("shell", "-c", "from django.contrib.auth.models import User; "
           "User.objects.create_superuser('loader', password='x-unused-1')", env=target)
    token = hiraku("token", "create", "loader", env=target).strip()

    with serving(source) as a:
        found = json.loads(ckanapi("action", "package_search", "q=公園", "-r", a))
        assert [r["name"] for r in found["results"]] == ["parks"]
        resource_id = found["results"][0]["resources"][0]["id"]
        records = json.loads(ckanapi("action", "datastore_search", f"resource_id={resource_id}",
                                     "-r", a))
        assert records["total"] == 2
        assert [r["名称"] for r in records["records"]] == ["中央公園", "北公園"]
        demo = action(a, "package_show", id="yaizu-aed")["result"]
        wait_for(lambda: _datastore_active(a, demo["resources"][0]["id"]))
        ckanapi("dump", "organizations", "--all", "-O", str(tmp_path / "orgs.jsonl"), "-r", a)
        ckanapi("dump", "datasets", "--all", "-O", str(tmp_path / "datasets.jsonl"), "-r", a)
        source_names = action(a, "package_list")["result"]
        source_parks = action(a, "package_show", id="parks")["result"]

        with serving(target) as b:
            ckanapi("load", "organizations", "-I", str(tmp_path / "orgs.jsonl"), "-r", b,
                    "-a", token)
            ckanapi("load", "datasets", "-I", str(tmp_path / "datasets.jsonl"), "-r", b,
                    "-a", token, "--upload-resources")
            assert action(b, "package_list")["result"] == source_names
            copied = action(b, "package_show", id="parks")["result"]
            for key in ("id", "title", "notes", "license_id", "owner_org"):
                assert copied[key] == source_parks[key], key
            assert copied["organization"]["name"] == "kouen"
            assert [r["id"] for r in copied["resources"]] == [
                r["id"] for r in source_parks["resources"]]
            wait_for(lambda: _datastore_active(b, resource_id))
            copied_records = action(b, "datastore_search", resource_id=resource_id)["result"]
            assert copied_records["records"] == records["records"]
