import os
from pathlib import Path

SPOOL_DIR = Path(os.environ.get("RI_SPOOL_DIR", "/var/spool/parcelwise/scans"))
DONE_DIR = Path(os.environ.get("RI_DONE_DIR", "/var/spool/parcelwise/indexed"))
ROUTES_DB = Path(os.environ.get("RI_ROUTES_DB", "/var/lib/route-indexer/routes.sqlite3"))
HEARTBEAT_FILE = Path(os.environ.get("RI_HEARTBEAT_FILE", "/var/lib/route-indexer/heartbeat.json"))

POLL_SECONDS = float(os.environ.get("RI_POLL_SECONDS", "2"))
HEARTBEAT_SECONDS = int(os.environ.get("RI_HEARTBEAT_SECONDS", "30"))
METRICS_SECONDS = int(os.environ.get("RI_METRICS_SECONDS", "60"))
BATCH_SIZE = int(os.environ.get("RI_BATCH_SIZE", "200"))

CACHE_MAX_ENTRIES = int(os.environ.get("RI_CACHE_MAX_ENTRIES", "50000"))
CACHE_TTL_SECONDS = int(os.environ.get("RI_CACHE_TTL_SECONDS", "21600"))
LOG_LEVEL = os.environ.get("RI_LOG_LEVEL", "INFO")
