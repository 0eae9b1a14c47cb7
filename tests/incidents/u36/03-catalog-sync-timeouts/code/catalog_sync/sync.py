import logging
import time
from datetime import datetime, timezone

from catalog_sync.pim import PimClient
from catalog_sync.search import SearchIndex
from catalog_sync.state import WatermarkStore
from catalog_sync.transform import to_document

log = logging.getLogger("catalog_sync")

PROGRESS_EVERY = 200  # pages


def run_sync(pim: PimClient, index: SearchIndex, state: WatermarkStore, page_size: int, since: datetime | None = None) -> dict:
    started_at = datetime.now(timezone.utc)
    since = since or state.load()
    pending = pim.count_changed(since)
    log.info("sync window", extra={"fields": {"updated_since": since.isoformat(), "pending": pending}})

    t0 = time.monotonic()
    pages = synced = rejected = 0
    for items in pim.iter_changed(since, page_size=page_size):
        docs = [to_document(p) for p in items]
        ok = index.upsert_many(docs)
        pages += 1
        synced += ok
        rejected += len(docs) - ok
        if pages % PROGRESS_EVERY == 0:
            rate = synced / max(time.monotonic() - t0, 1e-6)
            log.info(
                f"synced {synced}/{pending} products",
                extra={"fields": {"pages": pages, "synced": synced, "pending": pending, "per_second": round(rate, 1)}},
            )

    state.save(started_at)
    summary = {"pages": pages, "synced": synced, "rejected": rejected, "seconds": round(time.monotonic() - t0, 1)}
    log.info("sync complete", extra={"fields": {**summary, "new_watermark": started_at.isoformat()}})
    return summary
