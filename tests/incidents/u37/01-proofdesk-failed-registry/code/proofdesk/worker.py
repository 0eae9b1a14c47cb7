"""Entry point of proofd@N.service: one rq worker process per unit instance."""
from __future__ import annotations

import logging
import socket
import sys

from redis import Redis
from rq import Queue, Worker

from .settings import get_settings


def _on_failure(job, exc_type, exc_value, tb):
    # Let rq record the failure (and schedule the retry); we only add a one-line summary.
    logging.getLogger("proofdesk.worker").warning(
        "job %s failed: %s: %s", job.id, exc_type.__name__, str(exc_value)[:300])
    return True


def main() -> int:
    cfg = get_settings()
    logging.basicConfig(stream=sys.stdout, level=logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    conn = Redis.from_url(cfg.redis_url)
    instance = sys.argv[1] if len(sys.argv) > 1 else "0"
    worker = Worker([Queue(cfg.queue_name, connection=conn)], connection=conn,
                    name=f"proofd-{socket.gethostname()}-{instance}",
                    exception_handlers=[_on_failure])
    worker.work(with_scheduler=True, logging_level="INFO")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
