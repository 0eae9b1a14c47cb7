import logging
import os

import json
import time

import psycopg
import requests
from redis import Redis

from . import catalog

log = logging.getLogger("feedloader.jobs")
FEEDS_API = os.environ.get("FEEDS_API", "http://feeds-api.ingest.svc.cluster.local")
DSN = os.environ.get("DATABASE_URL", "postgresql://feedloader@pg-ingest:5432/catalog")
_redis = Redis.from_url(os.environ.get("REDIS_URL", "redis://redis.ingest.svc.cluster.local:6379/0"))
catalog.warm(json.loads(_redis.get("feedloader:catalog") or "{}"))


def _fetch_meta(feed_id: str) -> dict:
    r = requests.get(f"{FEEDS_API}/feeds/{feed_id}", timeout=20)
    r.raise_for_status()
    return r.json()


def ingest_feed(feed_id: str) -> int:
    meta = catalog.get_feed(feed_id, _fetch_meta)
    r = requests.get(meta["items_url"], timeout=60)
    r.raise_for_status()
    items = r.json()["items"]
    with psycopg.connect(DSN) as conn, conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO items (feed_id, sku, title, price) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (feed_id, sku) DO UPDATE SET title = EXCLUDED.title, price = EXCLUDED.price",
            [(feed_id, i["sku"], i["title"], i["price"]) for i in items],
        )
    log.info("feed %s: %d items", feed_id, len(items))
    return len(items)


def refresh_catalog(feed_ids: list[str]) -> int:
    """Nightly: refetch feed metadata and publish the snapshot workers warm from."""
    snap = {}
    for feed_id in feed_ids:
        meta = _fetch_meta(feed_id)
        meta["fetched_at"] = time.time()
        snap[feed_id] = meta
    _redis.set("feedloader:catalog", json.dumps(snap))
    return len(snap)
