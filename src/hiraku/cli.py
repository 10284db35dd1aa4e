"""The `hiraku` command: a thin face over Django's management commands.

Verbs that need no database (inspect, convert, validate) run without starting Django, so they
work on a laptop with nothing set up. Any other Django command passes through unchanged
(`hiraku shell`, `hiraku dbshell`, …).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Verb:
    name: str
    help: str
    standalone: Callable[[list[str]], int] | None = None  # runs without Django


def _standalone(module: str, function: str = "main") -> Callable[[list[str]], int]:
    def run(argv: list[str]) -> int:
        from importlib import import_module

        return getattr(import_module(module), function)(argv)

    return run


VERBS: tuple[Verb, ...] = (
    Verb(
        "build",
        "Copy front-end libraries from node_modules and compile translations.",
        _standalone("hiraku.web.build"),
    ),
    Verb("inspect", "Report a table file's encoding, header, column types and problems.",
         _standalone("hiraku.tabular.cli", "inspect_main")),
    Verb("convert", "Write a clean UTF-8 CSV from a CSV, Excel, JSON or GeoJSON file.",
         _standalone("hiraku.tabular.cli", "convert_main")),
    Verb("validate", "Check a file against a standard dataset; --fix writes a fixed CSV.",
         _standalone("hiraku.schemas.cli")),
    Verb("ingest", "Add or replace a resource from a file and load it (creates the dataset)."),
    Verb("token", "Issue an API token for a user: hiraku token create USERNAME."),
    Verb("serve", "Serve the site (one worker process per core) and run background tasks."),
    Verb("worker", "Run a background task worker (loads uploads into the datastore)."),
    Verb("migrate", "Create or update the database tables."),
    Verb("demo", "Load the demo municipality (real data of 焼津市 and 高松市); idempotent."),
    Verb("createsuperuser", "Create a platform administrator account."),
    Verb("reindex", "Rebuild the search index from the catalog."),
    Verb("settings", "List every HIRAKU_* setting with its current value and help."),
)


def _usage() -> str:
    width = max(len(v.name) for v in VERBS)
    lines = ["usage: hiraku <command> [options]", "", "Commands:"]
    lines += [f"  {v.name:<{width}}  {v.help}" for v in VERBS]
    lines += [
        "",
        "Other Django management commands also work (hiraku shell, hiraku dbshell…).",
        "Run 'hiraku <command> --help' for a command's options.",
    ]
    return "\n".join(lines)


def _print_settings() -> int:
    from hiraku import config

    for setting in config.SETTINGS:
        value = os.environ.get(setting.name)
        if value is None:
            shown = f"{setting.default!r} (default)"
        elif "SECRET" in setting.name or "ACCESS_KEY" in setting.name:
            shown = "(set, hidden)"
        else:
            shown = value
        print(f"{setting.name}={shown}\n    {setting.help}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    verb = next((v for v in VERBS if v.name == args[0]), None)
    if verb and verb.standalone:
        return verb.standalone(args[1:])
    if args[0] == "settings":
        return _print_settings()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiraku.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as error:
        # One clear line, never a traceback (e.g. production without a secret key).
        print(f"hiraku: {error}", file=sys.stderr)
        return 1
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hiraku", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
