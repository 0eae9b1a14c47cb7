"""Entry point used by systemd: python -m clausekit.worker"""
from __future__ import annotations

import logging
import socket
import sys

from redis import Redis
from rq import Queue, Worker

from .settings import get_settings


def main() -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    settings = get_settings()
    redis = Redis.from_url(settings.redis_url)
    queues = [Queue(name, connection=redis, default_timeout=settings.job_timeout)
              for name in settings.queues]
    name = f"{socket.gethostname()}.{settings.env}.{__import__('os').getpid()}"
    worker = Worker(queues, connection=redis, name=name)
    worker.work(with_scheduler=False, logging_level="INFO")
    return 0


if __name__ == "__main__":
    sys.exit(main())
