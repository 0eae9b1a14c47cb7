"""Background ledger exports (CSV / XLSX) requested from the web app."""
import csv
import logging
import os
import tempfile
import time
from datetime import date

from rq.decorators import job

from ledgerly import queries, storage
from ledgerly.redis_conn import redis_conn

log = logging.getLogger(__name__)


def _write_csv(rows, fh) -> int:
    writer = csv.writer(fh)
    writer.writerow(queries.COLUMNS)
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n


@job("exports", connection=redis_conn, timeout=60, result_ttl=500, failure_ttl=7 * 24 * 3600)
def build_ledger_export(export_id: str, org_id: int, start: str, end: str) -> dict:
    started = time.monotonic()
    start_d, end_d = date.fromisoformat(start), date.fromisoformat(end)
    expected = queries.count_ledger_lines(org_id, start_d, end_d)
    log.info("export %s org=%s %s..%s expected_rows=%d", export_id, org_id, start, end, expected)

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, f"{export_id}.csv")
        with open(path, "w", newline="") as fh:
            rows = _write_csv(queries.iter_ledger_lines(org_id, start_d, end_d), fh)
        key = f"org-{org_id}/{export_id}.csv"
        url = storage.upload_export(path, key, "text/csv")

    elapsed = time.monotonic() - started
    log.info("export %s done rows=%d in %.1fs", export_id, rows, elapsed)
    return {"export_id": export_id, "rows": rows, "url": url, "seconds": round(elapsed, 1)}
