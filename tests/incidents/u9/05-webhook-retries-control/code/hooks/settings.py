import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/2")
SIGNING_SECRET = os.environ.get("WEBHOOK_SIGNING_SECRET", "dev-secret").encode()
DELIVERY_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10"))
USER_AGENT = "Larkspur-Webhooks/3.2"
