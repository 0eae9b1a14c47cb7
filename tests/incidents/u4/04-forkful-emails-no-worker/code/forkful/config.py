import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
EMAIL_QUEUE = os.environ.get("EMAIL_QUEUE", "emails")
POSTMARK_TOKEN = os.environ.get("POSTMARK_SERVER_TOKEN", "")
FROM_ADDRESS = os.environ.get("EMAIL_FROM", "Forkful <orders@forkful.kitchen>")
