import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///billing-dev.db")
MAIL_API_URL = os.environ.get("MAIL_API_URL", "https://api.postmarkapp.com/email")
MAIL_API_TOKEN = os.environ.get("MAIL_API_TOKEN", "")
MAIL_FROM = os.environ.get("MAIL_FROM", "receipts@quillandfern.co.uk")
RECEIPT_QUEUE = os.environ.get("RECEIPT_QUEUE", "billing")
