import os

DATABASE_URL = os.environ["CATALOG_DATABASE_URL"]
FEED_BUCKET = os.environ.get("FEED_BUCKET", "")
FEED_PREFIX = os.environ.get("FEED_PREFIX", "feeds/marketplace")
CURRENCY = os.environ.get("FEED_CURRENCY", "GBP")
SITE_URL = os.environ.get("SITE_URL", "https://www.marlowandfinch.co.uk")
INCLUDE_OUT_OF_STOCK = os.environ.get("INCLUDE_OUT_OF_STOCK", "false").lower() == "true"
