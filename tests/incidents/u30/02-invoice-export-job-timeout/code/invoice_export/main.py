import logging
import os
import sys
import time
from datetime import date, datetime, timedelta, timezone

from . import __version__, logs
from .sink import make_sink
from .source import InvoiceSource
from .transform import to_row

log = logging.getLogger("invoice_export")


def export_day(day: date, source, sink, batch_size: int) -> int:
    total = source.count(day)
    removed = sink.truncate(day)
    log.info("exporting %d invoices for %s into %s (removed %d existing rows)",
             total, day.isoformat(), sink.partition(day), removed)
    started = time.monotonic()
    done = 0
    for n, batch in enumerate(source.batches(day, batch_size), start=1):
        rows = [to_row(inv) for inv in batch]
        missing = sum(1 for r in rows if r["gross_eur"] is None)
        if missing:
            log.warning("batch %d: %d invoices in currencies without an EUR rate", n, missing)
        done += sink.load(day, rows)
        elapsed = time.monotonic() - started
        log.info(
            "batch %d loaded: %d/%d invoices (%.1f%%) elapsed=%.0fs",
            n, done, total, 100.0 * done / total if total else 100.0, elapsed,
            extra={"fields": {"batch": n, "done": done, "total": total, "elapsed_s": round(elapsed, 1)}},
        )
    return done


def main(argv=None):
    logs.setup(os.environ.get("LOG_LEVEL", "INFO"))
    argv = sys.argv[1:] if argv is None else argv
    day = date.fromisoformat(argv[0]) if argv else (datetime.now(timezone.utc).date() - timedelta(days=1))
    execution = os.environ.get("CLOUD_RUN_EXECUTION", "local")
    attempt = os.environ.get("CLOUD_RUN_TASK_ATTEMPT", "0")
    log.info("invoice-export %s starting: day=%s execution=%s attempt=%s", __version__, day, execution, attempt)
    source = InvoiceSource(os.environ["BILLING_DB_DSN"])
    sink = make_sink(os.environ.get("WAREHOUSE_TABLE", "ledgerline-prod.warehouse.invoices"))
    t0 = time.monotonic()
    done = export_day(day, source, sink, int(os.environ.get("BATCH_SIZE", "5000")))
    log.info("export finished: %d invoices for %s in %.0fs", done, day, time.monotonic() - t0)


if __name__ == "__main__":
    main()
