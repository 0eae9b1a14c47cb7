import logging
import time

import psycopg

from . import conf
from .extract import iter_feed_rows

log = logging.getLogger("tidewater_etl.load")

COLUMNS = ("shipment_id", "partner", "event_at", "status", "lane", "weight_kg")


def _flush(cur, batch):
    with cur.copy(f"COPY staging.shipment_events ({', '.join(COLUMNS)}) FROM STDIN") as copy:
        for rec in batch:
            copy.write_row(rec)


def load_partner_feed(partner: str, day: str) -> int:
    started = time.monotonic()
    rows = 0
    batch = []
    with psycopg.connect(conf.WAREHOUSE_DSN) as conn, conn.cursor() as cur:
        cur.execute("DELETE FROM staging.shipment_events WHERE partner = %s AND event_at::date = %s",
                    (partner, day))
        for row in iter_feed_rows(partner, day):
            batch.append((row["shipment_id"], partner, row["event_at"], row["status"],
                          row.get("lane"), row.get("weight_kg") or None))
            if len(batch) >= conf.BATCH_ROWS:
                _flush(cur, batch)
                rows += len(batch)
                batch.clear()
                log.info("partner=%s day=%s rows=%d elapsed=%.1fs", partner, day, rows,
                         time.monotonic() - started)
        if batch:
            _flush(cur, batch)
            rows += len(batch)
        cur.execute("CALL warehouse.merge_shipment_events(%s, %s)", (partner, day))
    log.info("partner=%s day=%s done rows=%d duration=%.1fs", partner, day, rows,
             time.monotonic() - started)
    return rows
