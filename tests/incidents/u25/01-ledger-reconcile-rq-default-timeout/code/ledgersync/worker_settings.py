"""Loaded by `rq worker -c ledgersync.worker_settings`."""
import os

from .logconfig import setup

setup()

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
QUEUES = ["ledger"]
