import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://redis:6379/0")
DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://ledgerly@db:5432/ledgerly")
EXPORT_BUCKET = os.environ.get("EXPORT_BUCKET", "ledgerly-exports")
EXPORT_BATCH_SIZE = int(os.environ.get("EXPORT_BATCH_SIZE", "5000"))
EXPORT_LINK_TTL = int(os.environ.get("EXPORT_LINK_TTL", str(7 * 24 * 3600)))
