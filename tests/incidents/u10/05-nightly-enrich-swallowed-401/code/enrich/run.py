"""Cloud Run Job entry point: python -m enrich.run"""

from __future__ import annotations

import logging
import sys

from enrich.config import Settings
from enrich.crm import AccountStore
from enrich.firmo import FirmoClient
from enrich.pipeline import Enricher


def main() -> int:
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stdout,
        format="%(levelname)s %(name)s [%(threadName)s] %(message)s",
    )
    logging.getLogger("urllib3").setLevel(logging.ERROR)
    settings = Settings.from_env()
    enricher = Enricher(
        AccountStore(settings.crm_dsn),
        FirmoClient(settings.firmo_base_url, settings.firmo_api_key, settings.request_timeout_s),
        workers=settings.workers,
    )
    enricher.run(settings.batch_limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
