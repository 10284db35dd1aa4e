"""Rewrites the generated sections of README.md (`make docs`); tests/test_docs.py checks them."""

from __future__ import annotations

import re
from pathlib import Path

from hiraku import cli, config

README = Path(__file__).resolve().parent.parent / "README.md"

SECTIONS = {
    "commands": lambda: f"```\n{cli._usage()}\n```",
    "settings": config.markdown_table,
}


def regenerate(text: str) -> str:
    for name, render in SECTIONS.items():
        text = re.sub(
            rf"(<!-- {name} -->\n).*?(\n<!-- /{name} -->)",
            lambda m, r=render: m.group(1) + r() + m.group(2),
            text,
            flags=re.S,
        )
    return text


if __name__ == "__main__":
    README.write_text(regenerate(README.read_text()))
