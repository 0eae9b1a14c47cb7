"""Expire carts idle for longer than CART_TTL_MINUTES and release their stock holds."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import sys
import time


class JsonLog(logging.Formatter):
    def format(self, r):
        return json.dumps({"severity": r.levelname, "message": r.getMessage(), "component": "stale-cart-sweeper"})


def connect():
    url = os.environ["CARTS_DB_URL"]
    if url.startswith("sqlite:///"):
        return sqlite3.connect(url.removeprefix("sqlite:///"))
    import psycopg

    return psycopg.connect(url)


def run() -> int:
    log = logging.getLogger("sweeper")
    ttl = int(os.environ.get("CART_TTL_MINUTES", "90"))
    batch = int(os.environ.get("SWEEP_BATCH", "200"))
    started = time.monotonic()
    conn = connect()
    cur = conn.cursor()
    cur.execute(
        "SELECT id FROM carts WHERE status = 'open' AND updated_at < datetime('now', ?) ORDER BY id",
        (f"-{ttl} minutes",),
    )
    ids = [r[0] for r in cur.fetchall()]
    if not ids:
        log.info("0 carts to expire, exiting")
        return 0
    log.info("%d carts to expire (idle > %d min)", len(ids), ttl)
    for i in range(0, len(ids), batch):
        chunk = ids[i : i + batch]
        marks = ",".join("?" * len(chunk))
        cur.execute(f"DELETE FROM stock_holds WHERE cart_id IN ({marks})", chunk)
        released = cur.rowcount
        cur.execute(f"UPDATE carts SET status = 'expired' WHERE id IN ({marks})", chunk)
        conn.commit()
        log.info("expired %d carts, released %d stock holds", len(chunk), released)
    log.info("sweep done in %.1fs", time.monotonic() - started)
    return 0


if __name__ == "__main__":
    h = logging.StreamHandler(sys.stdout)
    h.setFormatter(JsonLog())
    logging.basicConfig(level=logging.INFO, handlers=[h])
    sys.exit(run())
