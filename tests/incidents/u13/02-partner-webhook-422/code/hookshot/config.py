import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://redis:6379/0")
DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://shop@db/shop")

PARCELWISE_URL = os.environ.get("PARCELWISE_URL", "https://api.parcelwise.example/v3/shipments")
PARCELWISE_TOKEN = os.environ.get("PARCELWISE_TOKEN", "")
DELIVERY_TIMEOUT = float(os.environ.get("DELIVERY_TIMEOUT", "10"))

WEBHOOK_QUEUE = "webhooks"
OUTBOX_POLL_SECONDS = int(os.environ.get("OUTBOX_POLL_SECONDS", "5"))
PAYLOAD_VERSION = os.environ.get("PAYLOAD_VERSION", "2026-11")
