import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://ledger@127.0.0.1/ledger")
EXPORT_BUCKET = os.environ.get("EXPORT_BUCKET", "ledger-exports")
MAIL_API_URL = os.environ.get("MAIL_API_URL", "https://api.postmark.example/email")
MAIL_FROM = os.environ.get("MAIL_FROM", "no-reply@ledgerly.example")
EXPORT_JOB_TIMEOUT = int(os.environ.get("EXPORT_JOB_TIMEOUT", "3600"))
