"""Route lookups against the nightly routes snapshot (SQLite)."""
import sqlite3
from pathlib import Path

from .cache import RouteCache


class RouteResolver:
    def __init__(self, db_path: Path, cache: RouteCache) -> None:
        self._db = sqlite3.connect(str(db_path), check_same_thread=False)
        self._cache = cache
        self.lookups = 0
        self.misses = 0

    @staticmethod
    def sector(postcode: str) -> str:
        pc = postcode.replace(" ", "").upper()
        return pc[:-2] if len(pc) > 4 else pc

    def resolve(self, depot: str, postcode: str) -> str:
        key = f"{depot}:{self.sector(postcode)}"
        self.lookups += 1
        route = self._cache.get(key)
        if route is not None:
            return route
        self.misses += 1
        row = self._db.execute(
            "SELECT route_id FROM sector_routes WHERE depot = ? AND sector = ?",
            (depot, self.sector(postcode)),
        ).fetchone()
        route = row[0] if row else f"{depot}-UNROUTED"
        self._cache.put(key, route)
        return route
