from __future__ import annotations

import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://redis-tiles.tiles.svc.cluster.local:6379/0")
QUEUES = [q.strip() for q in os.environ.get("TILE_QUEUES", "tiles-hi,tiles").split(",") if q.strip()]
STYLE_DIR = os.environ.get("STYLE_DIR", "/styles")
TILE_BUCKET = os.environ.get("TILE_BUCKET", "glimmerton-tiles-prod")

# Long z16+ renders can take several minutes; a generous worker TTL stops the
# dashboards from flagging busy workers as dead between heartbeats (TILES-412).
WORKER_TTL = int(os.environ.get("RQ_WORKER_TTL", "14400"))
JOB_TIMEOUT = int(os.environ.get("TILE_JOB_TIMEOUT", "600"))

# fleet scaler
DEPLOYMENT = os.environ.get("SCALER_DEPLOYMENT", "tilesmith-worker")
NAMESPACE = os.environ.get("SCALER_NAMESPACE", "tiles")
JOBS_PER_WORKER = int(os.environ.get("SCALER_JOBS_PER_WORKER", "20"))
MIN_REPLICAS = int(os.environ.get("SCALER_MIN_REPLICAS", "2"))
MAX_REPLICAS = int(os.environ.get("SCALER_MAX_REPLICAS", "16"))
