import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
QUEUE_NAME = os.environ.get("RQ_QUEUE", "default")
PRICING_API = os.environ.get("PRICING_API_URL", "http://pricing.internal.svc.cluster.local:8080")
WAREHOUSE_DSN = os.environ.get("WAREHOUSE_DSN", "")
JOB_TIMEOUT = int(os.environ.get("JOB_TIMEOUT", "300"))
