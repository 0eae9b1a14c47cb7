"""catalog-export: nightly marketplace feed (Cloud Run Job)."""

from __future__ import annotations

import logging
import os
import time

from catexport import db, feed, logs, upload

log = logging.getLogger("catexport")


def run() -> int:
    started = time.monotonic()
    task = os.environ.get("CLOUD_RUN_TASK_INDEX", "0")
    attempt = os.environ.get("CLOUD_RUN_TASK_ATTEMPT", "0")
    log.info("catalog export starting", extra={"fields": {"task": task, "attempt": attempt}})

    cat = db.load_catalogue(db.engine())
    log.info(
        "catalogue loaded",
        extra={"fields": {"products": len(cat["products"]), "prices": len(cat["prices"]), "seconds": round(time.monotonic() - started, 1)}},
    )
    items = feed.build_items(cat)
    log.info("feed items built", extra={"fields": {"items": len(items)}})
    data = feed.render(items)
    where = upload.upload(data)
    log.info(
        "catalog export finished",
        extra={"fields": {"items": len(items), "bytes": len(data), "uri": where, "seconds": round(time.monotonic() - started, 1)}},
    )
    return 0


if __name__ == "__main__":
    logs.setup(os.environ.get("LOG_LEVEL", "INFO"))
    raise SystemExit(run())
