import logging
import os

import psycopg

from feeds.scheduler import enqueue_all

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
    rows = conn.execute("SELECT id FROM feeds WHERE active AND next_fetch_at <= now() ORDER BY next_fetch_at LIMIT 5000").fetchall()
enqueue_all([r[0] for r in rows])
