import os

PROJECT_ID = os.environ.get("GOOGLE_CLOUD_PROJECT", "ledgerly-prod")
SUBSCRIPTION = os.environ.get("INVOICE_EVENTS_SUBSCRIPTION", "invoice-events-ledger")
MAX_MESSAGES = int(os.environ.get("DRAIN_MAX_MESSAGES", "50"))
LEDGER_API = os.environ.get("LEDGER_API", "http://ledger-api.internal:8080")
