import os

LEDGER_URL = os.environ.get("LEDGER_URL", "http://ledger.internal:8080")
LEDGER_TOKEN = os.environ.get("LEDGER_TOKEN", "")
WEBHOOK_SECRET = os.environ.get("WEBHOOK_SECRET", "")
FORWARD_ATTEMPTS = int(os.environ.get("FORWARD_ATTEMPTS", "6"))
FORWARD_BACKOFF = float(os.environ.get("FORWARD_BACKOFF", "2.0"))
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
