import os

REDIS_URL = os.environ.get("TIDEWATER_REDIS_URL", "redis://127.0.0.1:6379/4")
WAREHOUSE_DSN = os.environ["TIDEWATER_WAREHOUSE_DSN"]
FEED_BASE_URL = os.environ.get("TIDEWATER_FEED_BASE_URL", "https://feeds.tidewater-logistics.com/exports")
PARTNERS = [p.strip() for p in os.environ.get(
    "TIDEWATER_PARTNERS", "baltic-freight,nordport,saltmarsh,kestrel-3pl,harbourline").split(",") if p.strip()]
BATCH_ROWS = 5000
