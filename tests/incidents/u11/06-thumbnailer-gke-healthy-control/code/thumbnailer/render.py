"""Thumbnail rendering. Pillow does the work; storage I/O is injected for tests."""

from __future__ import annotations

import io
from typing import Callable

from PIL import Image

Fetch = Callable[[str], bytes]
Store = Callable[[str, bytes], None]


def thumbnail_name(asset_key: str, size: int) -> str:
    stem = asset_key.rsplit(".", 1)[0]
    return f"thumbs/{stem}_{size}.webp"


def render(asset_key: str, sizes: tuple[int, ...], fetch: Fetch, store: Store) -> list[str]:
    original = Image.open(io.BytesIO(fetch(asset_key)))
    original.load()
    written = []
    for size in sizes:
        img = original.copy()
        img.thumbnail((size, size))
        buf = io.BytesIO()
        img.convert("RGB").save(buf, format="WEBP", quality=82)
        name = thumbnail_name(asset_key, size)
        store(name, buf.getvalue())
        written.append(name)
    return written
