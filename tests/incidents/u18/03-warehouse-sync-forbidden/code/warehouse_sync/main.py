import logging
import os
import sys
import time

from . import settings
from .source import fetch_changed
from .warehouse import Warehouse

log = logging.getLogger("warehouse_sync")


def sync_table(wh: Warehouse, table: str) -> int:
    since = wh.watermark(table)
    log.info("%s: syncing rows updated after %s", table, since.isoformat())
    staged = 0
    for rows in fetch_changed(settings.SOURCE_DSN, table, since, settings.BATCH_ROWS):
        staged += wh.stage(table, rows)
    if not staged:
        log.info("%s: nothing to sync", table)
        return 0
    merged = wh.merge(table)
    log.info("%s: staged %d rows, merged %d", table, staged, merged)
    return merged


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s", stream=sys.stdout)
    started = time.monotonic()
    task = os.environ.get("CLOUD_RUN_TASK_INDEX", "0")
    attempt = os.environ.get("CLOUD_RUN_TASK_ATTEMPT", "0")
    log.info("warehouse-sync starting (task %s attempt %s) tables=%s", task, attempt, ",".join(settings.TABLES))
    wh = Warehouse(settings.BQ_PROJECT, settings.BQ_DATASET, settings.BQ_LOCATION)
    total = 0
    for table in settings.TABLES:
        total += sync_table(wh, table)
    log.info("warehouse-sync done: %d rows merged in %.1fs", total, time.monotonic() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
