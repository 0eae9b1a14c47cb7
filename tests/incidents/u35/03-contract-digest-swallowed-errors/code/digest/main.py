"""Entrypoint of the contract-digest Cloud Run job (one task per shard)."""
from __future__ import annotations

import logging
import sys
import time

from . import logsetup
from .config import JobConfig
from .inbox import documents_for
from .store import DigestStore
from .summarize import Summarizer

log = logging.getLogger("digest")


def run(cfg: JobConfig) -> dict:
    docs = documents_for(cfg.inbox, cfg.run_date, cfg.task_index, cfg.task_count, cfg.max_docs)
    log.info("task %d/%d: %d contracts for %s", cfg.task_index, cfg.task_count, len(docs), cfg.run_date)
    summarizer = Summarizer(cfg.model, cfg.max_tokens)
    store = DigestStore(cfg.outbox, cfg.run_date)
    counts = {"seen": len(docs), "written": 0, "empty": 0}
    for doc in docs:
        text = summarizer.digest_for(doc)
        if not text:
            counts["empty"] += 1
            continue
        store.put(doc.key, cfg.model, text)
        counts["written"] += 1
    store.report(cfg.task_index, counts)
    return counts


def main() -> int:
    logsetup.configure()
    cfg = JobConfig.load()
    t0 = time.monotonic()
    counts = run(cfg)
    log.info("task %d finished in %.0fs", cfg.task_index, time.monotonic() - t0, extra={"counts": counts})
    return 0


if __name__ == "__main__":
    sys.exit(main())
