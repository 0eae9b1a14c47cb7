"""The rq job: render one metatile (8x8 tiles) and upload the PNGs."""
from __future__ import annotations

import hashlib
import logging
import random
import time

log = logging.getLogger("tilesmith.render")


def _rasterise(style: str, z: int, x: int, y: int) -> list[bytes]:
    # Stand-in for the mapnik call: cost grows with zoom and feature density.
    cost = 0.2 + 0.05 * max(0, z - 10) + random.random() * 0.3
    time.sleep(cost)
    seed = f"{style}/{z}/{x}/{y}".encode()
    return [hashlib.sha256(seed + bytes([i])).digest() * 64 for i in range(64)]


def _upload(bucket: str, style: str, z: int, x: int, y: int, tiles: list[bytes]) -> int:
    return sum(len(t) for t in tiles)


def render_metatile(style: str, z: int, x: int, y: int, bucket: str = "glimmerton-tiles-prod") -> dict:
    started = time.monotonic()
    tiles = _rasterise(style, z, x, y)
    size = _upload(bucket, style, z, x, y, tiles)
    took = time.monotonic() - started
    log.info("rendered %s/%d/%d/%d tiles=%d bytes=%d in %.2fs", style, z, x, y, len(tiles), size, took)
    return {"tiles": len(tiles), "bytes": size, "seconds": round(took, 2)}
