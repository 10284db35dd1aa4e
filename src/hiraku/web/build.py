"""`hiraku build`: the build step after `npm ci`.

Copies the front-end libraries from node_modules into web/static/vendor/ and compiles the
translations (.po → .mo). Both are build products that git ignores.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
NODE_MODULES = ROOT / "node_modules"
VENDOR = Path(__file__).resolve().parent / "static" / "vendor"
LOCALE = Path(__file__).resolve().parent / "locale"

# (package file, destination under static/vendor/)
FILES = [
    ("htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"),
    ("leaflet/dist/leaflet.js", "leaflet/leaflet.js"),
    ("leaflet/dist/leaflet.css", "leaflet/leaflet.css"),
    ("leaflet/dist/images/marker-icon.png", "leaflet/images/marker-icon.png"),
    ("leaflet/dist/images/marker-icon-2x.png", "leaflet/images/marker-icon-2x.png"),
    ("leaflet/dist/images/marker-shadow.png", "leaflet/images/marker-shadow.png"),
    ("leaflet/dist/images/layers.png", "leaflet/images/layers.png"),
    ("leaflet.markercluster/dist/leaflet.markercluster.js", "leaflet/leaflet.markercluster.js"),
    ("leaflet.markercluster/dist/MarkerCluster.css", "leaflet/MarkerCluster.css"),
    ("leaflet.markercluster/dist/MarkerCluster.Default.css", "leaflet/MarkerCluster.Default.css"),
    ("chart.js/dist/chart.umd.js", "chartjs/chart.umd.js"),
]


def install_assets(node_modules: Path = NODE_MODULES) -> list[str]:
    missing = []
    for source, target in FILES:
        src = node_modules / source
        if not src.exists():
            missing.append(source)
            continue
        dest = VENDOR / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
    return missing


def compile_messages(locale_dir: Path = LOCALE) -> list[Path]:
    compiled = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        with po_path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        compiled.append(po_path)
    return compiled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hiraku build", description=__doc__)
    parser.add_argument(
        "--node-modules",
        type=Path,
        default=NODE_MODULES,
        help="Where `npm ci` installed the front-end packages.",
    )
    args = parser.parse_args(argv)
    compile_messages()
    missing = install_assets(args.node_modules)
    if missing:
        print(
            "Missing front-end files (run `npm ci` first): " + ", ".join(missing), file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
