import logging
import time
from datetime import date

from . import db
from .matching import match_entries

log = logging.getLogger(__name__)


def reconcile_ledger(business_day, partition, partitions):
    started = time.monotonic()
    day = date.fromisoformat(business_day)
    with db.connect() as conn:
        entries = db.fetch_ledger_entries(conn, day, partition, partitions)
        settlements = db.fetch_settlements(conn, day, partition, partitions)
        log.info(
            "reconcile %s p%d/%d: %d entries, %d settlements",
            business_day, partition, partitions, len(entries), len(settlements),
        )
        result = match_entries(entries, settlements)
        db.write_reconciliation(conn, day, partition, result)
    elapsed = time.monotonic() - started
    log.info(
        "reconcile %s p%d/%d done in %.1fs: matched=%d unmatched=%d",
        business_day, partition, partitions, elapsed, len(result.matched), len(result.unmatched),
    )
    return {"matched": len(result.matched), "unmatched": len(result.unmatched), "seconds": round(elapsed, 1)}
