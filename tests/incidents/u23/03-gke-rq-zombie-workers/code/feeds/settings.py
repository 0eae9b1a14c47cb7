import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
FETCH_TIMEOUT = float(os.environ.get("FETCH_TIMEOUT", "10"))
USER_AGENT = os.environ.get("USER_AGENT", "feed-ingest/2.4 (+https://reader.example.com/bot)")
FEED_BASE_URL = os.environ.get("FEED_BASE_URL", "")
