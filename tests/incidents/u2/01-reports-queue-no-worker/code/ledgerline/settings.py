import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://ledgerline@localhost/ledgerline")
REPORT_BUCKET_DIR = os.environ.get("REPORT_BUCKET_DIR", "/srv/ledgerline/statements")
REPORT_QUEUE = "reports"
REPORT_JOB_TIMEOUT = int(os.environ.get("REPORT_JOB_TIMEOUT", "600"))
