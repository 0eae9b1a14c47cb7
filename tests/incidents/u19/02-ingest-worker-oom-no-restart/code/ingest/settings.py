import os
import socket

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
QUEUES = os.environ.get("INGEST_QUEUES", "ingest").split(",")
HEARTBEAT_PATH = os.environ.get("HEARTBEAT_PATH", "/var/run/ingest/heartbeat.json")
HEARTBEAT_INTERVAL = int(os.environ.get("HEARTBEAT_INTERVAL", "30"))
WORKER_NAME = os.environ.get("WORKER_NAME", f"ingest-{socket.gethostname()}")
DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://ingest@localhost/warehouse")
LANDING_BUCKET = os.environ.get("LANDING_BUCKET", "partner-feeds-landing")
