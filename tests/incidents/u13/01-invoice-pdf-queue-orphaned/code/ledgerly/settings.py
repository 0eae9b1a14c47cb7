import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

# Queue names.  Keep in sync with deploy/systemd/ledgerly-worker@.service
QUEUE_HIGH = "high"
QUEUE_DEFAULT = "default"
QUEUE_INVOICES = "invoices"

INVOICE_BUCKET_DIR = os.environ.get("INVOICE_BUCKET_DIR", "/var/lib/ledgerly/invoices")
INVOICE_JOB_TIMEOUT = int(os.environ.get("INVOICE_JOB_TIMEOUT", "300"))
SMTP_HOST = os.environ.get("SMTP_HOST", "localhost")
