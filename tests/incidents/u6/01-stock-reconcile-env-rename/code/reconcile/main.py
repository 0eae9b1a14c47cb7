import logging
import sys
import time
from datetime import datetime, timedelta, timezone

from . import __version__, db, settings
from .ledger import net_by_sku

log = logging.getLogger("reconcile")


def run():
    since = datetime.now(timezone.utc) - timedelta(hours=settings.LOOKBACK_HOURS)
    since = since.strftime("%Y-%m-%d %H:%M:%S")
    batches = moved = skus = 0
    while True:
        with db.transaction() as conn:
            rows = db.pending_movements(conn, settings.STORE_ID, since, settings.BATCH_SIZE)
            if not rows:
                break
            totals = net_by_sku(rows)
            db.apply_totals(conn, settings.STORE_ID, totals)
            db.mark_reconciled(conn, [r[0] for r in rows])
        batches += 1
        moved += len(rows)
        skus += len(totals)
        log.info("batch %d: %d movements, %d skus adjusted", batches, len(rows), len(totals))
    return batches, moved, skus


def main():
    logging.basicConfig(
        stream=sys.stdout,
        level=settings.LOG_LEVEL,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    log.info(
        "stockroom-reconcile %s starting store=%s task=%d attempt=%d",
        __version__, settings.STORE_ID, settings.TASK_INDEX, settings.TASK_ATTEMPT,
    )
    started = time.monotonic()
    batches, moved, skus = run()
    log.info(
        "done: %d batches, %d movements, %d skus in %.1fs",
        batches, moved, skus, time.monotonic() - started,
    )


if __name__ == "__main__":
    main()
