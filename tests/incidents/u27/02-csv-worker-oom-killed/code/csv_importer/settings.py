import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/2")
DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql:///shipments")
UPLOAD_DIR = os.environ.get("UPLOAD_DIR", "/var/lib/csv-importer/uploads")
IMPORT_QUEUE = os.environ.get("IMPORT_QUEUE", "imports")
IMPORT_TIMEOUT = os.environ.get("IMPORT_TIMEOUT", "4h")
MAX_UPLOAD_MB = int(os.environ.get("MAX_UPLOAD_MB", "4096"))
