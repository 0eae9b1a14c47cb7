import os
import socket

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
QUEUE = os.environ.get("INGEST_QUEUE", "ingest:pending")
DONE_QUEUE = os.environ.get("INGEST_DONE", "ingest:done")
DROP_DIR = os.environ.get("INGEST_DROP_DIR", "/srv/drops")
STATUS_FILE = os.environ.get("INGEST_STATUS_FILE", "/var/lib/ingestd/status.json")
HEARTBEAT_SECONDS = int(os.environ.get("INGEST_HEARTBEAT_SECONDS", "30"))
WORKER_NAME = os.environ.get("INGEST_WORKER_NAME", socket.gethostname())
