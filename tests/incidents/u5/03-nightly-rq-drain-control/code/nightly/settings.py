import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
EXPORT_BUCKET = os.environ.get("EXPORT_BUCKET", "harbourline-exports")
WAREHOUSE_DSN = os.environ.get("WAREHOUSE_DSN", "")
QUEUES = ("exports", "rollups", "default")
