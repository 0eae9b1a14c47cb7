import argparse
import logging
import os
import sys
from datetime import datetime

from catalog_sync import __version__, logsetup
from catalog_sync.config import Config
from catalog_sync.pim import PimClient
from catalog_sync.search import SearchIndex
from catalog_sync.state import WatermarkStore
from catalog_sync.sync import run_sync

log = logging.getLogger("catalog_sync")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="catalog_sync")
    parser.add_argument("--since", type=datetime.fromisoformat, help="override the stored watermark")
    args = parser.parse_args(argv)

    logsetup.setup()
    cfg = Config.from_env()
    log.info(
        f"catalog-sync {__version__} starting",
        extra={
            "fields": {
                "execution": os.environ.get("CLOUD_RUN_EXECUTION", "local"),
                "task_index": os.environ.get("CLOUD_RUN_TASK_INDEX", "0"),
                "attempt": os.environ.get("CLOUD_RUN_TASK_ATTEMPT", "0"),
            }
        },
    )
    try:
        run_sync(
            PimClient(cfg.pim_url, cfg.pim_token),
            SearchIndex(cfg.search_url, cfg.search_api_key, cfg.collection),
            WatermarkStore(cfg.state_bucket),
            page_size=cfg.page_size,
            since=args.since,
        )
    except Exception:
        log.exception("catalog sync failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
