import logging

from .index import bulk_upsert
from .regions import tiles_for
from .tileclient import fetch_features

log = logging.getLogger("geoindex.jobs")


def reindex_region(region: str, zoom: int = 12) -> dict:
    tiles = tiles_for(region, zoom)
    indexed = 0
    for (x, y) in tiles:
        indexed += bulk_upsert(fetch_features(zoom, x, y))
    log.info("region %s: %d tiles, %d features", region, len(tiles), indexed)
    return {"region": region, "tiles": len(tiles), "features": indexed}
