"""Poll the shop's outbox table and enqueue one delivery job per paid order."""

import json
import logging
import time

import psycopg
from redis import Redis
from rq import Queue

from hookshot import config
from hookshot.delivery import deliver_shipment

log = logging.getLogger("hookshot.outbox")

CLAIM = """
UPDATE outbox SET claimed_at = now()
WHERE id IN (
  SELECT id FROM outbox WHERE claimed_at IS NULL AND topic = 'order.paid'
  ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED)
RETURNING id, payload
"""


def run() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    q = Queue(config.WEBHOOK_QUEUE, connection=Redis.from_url(config.REDIS_URL))
    with psycopg.connect(config.DATABASE_URL, autocommit=True) as conn:
        while True:
            rows = conn.execute(CLAIM).fetchall()
            for row_id, payload in rows:
                order = payload if isinstance(payload, dict) else json.loads(payload)
                q.enqueue(deliver_shipment, order, job_id=f"ship-{order['number']}", failure_ttl=7 * 86400)
            if rows:
                log.info("enqueued %d deliveries (last outbox id %s)", len(rows), rows[-1][0])
            time.sleep(config.OUTBOX_POLL_SECONDS)


if __name__ == "__main__":
    run()
