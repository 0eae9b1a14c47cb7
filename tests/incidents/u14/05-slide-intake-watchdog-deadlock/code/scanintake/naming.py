"""Scanner file names: SLIDE-<accession>_<tile>.tiff plus SLIDE-<accession>.manifest."""

import re
from pathlib import Path

TILE = re.compile(r"^SLIDE-(?P<slide>[A-Z0-9-]+)_(?P<tile>\d{3})\.tiff$")
MANIFEST = re.compile(r"^SLIDE-(?P<slide>[A-Z0-9-]+)\.manifest$")


def classify(path: Path) -> tuple[str, str] | None:
    if m := TILE.match(path.name):
        return "tile", m["slide"]
    if m := MANIFEST.match(path.name):
        return "manifest", m["slide"]
    return None
