"""Worker entry point: python -m tidewater.worker --slot N QUEUE [QUEUE ...]

Sets up Django before RQ imports any job code, then runs a SimpleWorker
(jobs execute in this process; see README for why we do not fork).
"""
import argparse
import logging
import os
import socket
import sys

import django

log = logging.getLogger("tidewater.worker")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="tidewater.worker")
    parser.add_argument("--slot", default="1", help="systemd instance (%%i), one per worker process")
    parser.add_argument("--burst", action="store_true", help="exit when the queues are empty")
    parser.add_argument("queues", nargs="+")
    return parser.parse_args(argv)


def worker_name(slot: str) -> str:
    return f"{socket.gethostname()}-{slot}"


def main(argv=None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tidewater.settings")
    django.setup()

    from django.conf import settings
    from rq import SimpleWorker

    from tidewater.queues import get_queue, redis_conn

    queues = [get_queue(name) for name in args.queues]
    worker = SimpleWorker(queues, connection=redis_conn(), name=worker_name(args.slot))
    log.info("starting %s on %s", worker.name, ",".join(args.queues))
    worker.work(burst=args.burst, logging_level=settings.RQ_LOG_LEVEL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
