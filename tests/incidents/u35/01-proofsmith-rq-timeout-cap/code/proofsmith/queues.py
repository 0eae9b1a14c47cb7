"""Queue factory and the one place jobs are enqueued from (web app and CLI)."""
from __future__ import annotations

import logging
from functools import lru_cache

from redis import Redis
from rq import Queue, Retry

from .budget import budget_for
from .settings import get_settings

log = logging.getLogger(__name__)

HIGH, NORMAL = "proofs-high", "proofs"
RUSH_PAGE_LIMIT = 32


@lru_cache(maxsize=1)
def redis_conn() -> Redis:
    return Redis.from_url(get_settings().redis_url, health_check_interval=30)


@lru_cache(maxsize=None)
def get_queue(name: str) -> Queue:
    return Queue(name, connection=redis_conn())


def queue_for(pages: int, rush: bool) -> Queue:
    # Rush proofs jump the line only when small; big rush jobs would starve everyone.
    if rush and pages <= RUSH_PAGE_LIMIT:
        return get_queue(HIGH)
    return get_queue(NORMAL)


def submit_render(batch_id: str, source_pdf: str, pages: int, *, rush: bool = False, customer: str = ""):
    s = get_settings()
    q = queue_for(pages, rush)
    job = q.enqueue(
        "proofsmith.render.render_proof",
        batch_id,
        source_pdf,
        pages,
        job_id=f"proof-{batch_id}",
        job_timeout=budget_for(pages, s),
        result_ttl=s.result_ttl,
        failure_ttl=s.failure_ttl,
        retry=Retry(max=1, interval=[60]),
        meta={"customer": customer, "pages": pages},
        description=f"proof {batch_id} ({pages}p) for {customer or 'internal'}",
    )
    log.info("enqueued %s on %s timeout=%ss", job.id, q.name, job.timeout)
    return job
