import os

PROJECT = os.environ.get("GOOGLE_CLOUD_PROJECT", "")
SUBSCRIPTION = os.environ.get("SUBSCRIPTION", "catalog-changes-feed-export")
FEED_BUCKET = os.environ.get("FEED_BUCKET", "")
INVENTORY_URL = os.environ.get("INVENTORY_URL", "http://inventory.internal:8080")
BATCH_SIZE = int(os.environ.get("BATCH_SIZE", "100"))
PULL_TIMEOUT_S = float(os.environ.get("PULL_TIMEOUT_S", "30"))
MAX_RUNTIME_S = float(os.environ.get("MAX_RUNTIME_S", "1500"))
EMPTY_PULLS_TO_STOP = int(os.environ.get("EMPTY_PULLS_TO_STOP", "2"))
