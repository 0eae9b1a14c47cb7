import os

ORDERS_API = os.environ.get("ORDERS_API", "http://localhost:8001")
ASSETS_BASE = os.environ.get("ASSETS_BASE", "http://localhost:8002/img")
INVOICE_BUCKET = os.environ.get("INVOICE_BUCKET", "")
MAIL_API = os.environ.get("MAIL_API", "http://localhost:8003/v3/mail/send")
MAIL_API_KEY = os.environ.get("MAIL_API_KEY", "")
MAIL_FROM = os.environ.get("MAIL_FROM", "invoices@marlowvane.example")
IMAGE_TIMEOUT_S = float(os.environ.get("IMAGE_TIMEOUT_S", "15"))
