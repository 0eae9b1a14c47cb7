"""Enqueue every chapter of a book: python -m proofdesk.enqueue BOOK_ID."""
from __future__ import annotations

import argparse
import logging

from redis import Redis
from rq import Queue, Retry

from .jobs import copyedit_chapter, store
from .settings import get_settings

log = logging.getLogger("proofdesk.enqueue")


def queue() -> Queue:
    cfg = get_settings()
    return Queue(cfg.queue_name, connection=Redis.from_url(cfg.redis_url))


def enqueue_book(book_id: str) -> list[str]:
    cfg = get_settings()
    q = queue()
    ids = []
    for ch in store().load(book_id).chapters:
        job = q.enqueue(
            copyedit_chapter, book_id, ch.number,
            job_id=f"copyedit-{book_id}-{ch.number:03d}",
            job_timeout=cfg.job_timeout,
            retry=Retry(max=cfg.retries, interval=[20, 60]),
            failure_ttl=14 * 24 * 3600,
            description=f"copyedit {book_id} ch{ch.number}",
        )
        ids.append(job.id)
    log.info("enqueued %d chapters of %s on %s", len(ids), book_id, q.name)
    return ids


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    ap = argparse.ArgumentParser()
    ap.add_argument("book_id", nargs="+")
    args = ap.parse_args()
    for book_id in args.book_id:
        enqueue_book(book_id)


if __name__ == "__main__":
    main()
