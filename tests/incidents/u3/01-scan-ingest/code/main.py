"""Entry point for the scan-ingest Cloud Run job.

Drains the carrier scan subscription and writes each scan into the
shipment timeline store.
"""
import logging
import sys

from scan_ingest.consumer import Consumer
from scan_ingest.handlers import ScanHandler
from scan_ingest.logging_setup import configure_logging
from scan_ingest.settings import Settings
from scan_ingest.store import build_store

log = logging.getLogger("scan_ingest.main")


def main() -> int:
    configure_logging()
    settings = Settings.from_env()
    log.info(
        "scan-ingest starting",
        extra={
            "subscription": settings.subscription_id,
            "store": settings.store_backend,
            "max_messages": settings.max_messages,
        },
    )
    store = build_store(settings)
    handler = ScanHandler(store)

    consumer = Consumer(
        settings.project_id,
        settings.subscription_id,
        handler,
        max_messages=settings.max_messages,
        report_every=settings.report_every,
    )
    processed = consumer.run()

    store.close()
    log.info("scan-ingest finished", extra={"processed": processed})
    return 0


if __name__ == "__main__":
    sys.exit(main())
