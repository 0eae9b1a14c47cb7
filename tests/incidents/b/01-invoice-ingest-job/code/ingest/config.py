import os

PROJECT_ID = os.environ.get("GOOGLE_CLOUD_PROJECT", "ledgerline-prod")
SUBSCRIPTION = os.environ.get("INVOICE_SUBSCRIPTION", "invoice-events-ingest")
BUCKET = os.environ.get("INVOICE_BUCKET", "ledgerline-invoices")
MAX_MESSAGES = int(os.environ.get("MAX_OUTSTANDING", "20"))
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
