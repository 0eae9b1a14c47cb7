"""Worker entry point: python -m tilesmith.worker (one per pod)."""
from __future__ import annotations

import logging
import os
import socket
import sys

from redis import Redis
from rq import Queue, Worker

from . import settings


class TileWorker(Worker):
    """rq Worker with pod-friendly names and our logging."""

    @classmethod
    def for_pod(cls, connection: Redis) -> "TileWorker":
        pod = os.environ.get("POD_NAME") or socket.gethostname()
        queues = [Queue(name, connection=connection, default_timeout=settings.JOB_TIMEOUT)
                  for name in settings.QUEUES]
        return cls(queues, connection=connection, name=f"{pod}.{os.getpid()}",
                   worker_ttl=settings.WORKER_TTL)


def main() -> int:
    logging.basicConfig(stream=sys.stdout, level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    conn = Redis.from_url(settings.REDIS_URL)
    worker = TileWorker.for_pod(conn)
    worker.work(logging_level="INFO")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
