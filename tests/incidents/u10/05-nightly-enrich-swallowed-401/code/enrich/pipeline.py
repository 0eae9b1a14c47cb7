from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor

from enrich.crm import Account, AccountStore
from enrich.firmo import FirmoClient

log = logging.getLogger("enrich.pipeline")


class Enricher:
    def __init__(self, store: AccountStore, client: FirmoClient, workers: int = 8) -> None:
        self.store = store
        self.client = client
        self.workers = workers

    def enrich_one(self, account: Account) -> bool:
        try:
            profile = self.client.company(account.domain)
            self.store.save(account.id, profile)
            return True
        except Exception as exc:
            log.warning("enrich failed for %s: %s", account.id, exc)
            return False

    def run(self, limit: int) -> tuple[int, int]:
        started = time.monotonic()
        accounts = self.store.pending(limit)
        log.info("%d accounts pending enrichment", len(accounts))
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="enrich") as pool:
            results = list(pool.map(self.enrich_one, accounts))
        ok = sum(results)
        failed = len(results) - ok
        log.info(
            "enriched %d/%d, %d failed (%.1fs)", ok, len(results), failed, time.monotonic() - started
        )
        return ok, failed
