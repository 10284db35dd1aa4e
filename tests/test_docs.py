"""The README's command list and settings table are generated from the code: they cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

from hiraku import cli, config

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def _section(name: str) -> str:
    match = re.search(rf"<!-- {name} -->\n(.*?)\n<!-- /{name} -->", README, re.S)
    assert match, f"README has no {name} section"
    return match.group(1).strip()


def test_settings_table_matches_the_declared_settings():
    assert _section("settings") == config.markdown_table(), "run `make docs`"


def test_command_list_matches_the_cli():
    assert _section("commands") == f"```\n{cli._usage()}\n```", "run `make docs`"


def test_readme_starts_with_make_run_and_make_test():
    quick = README.split("## Commands")[0]
    assert "make run" in quick and "make test" in quick and "make install" in quick
