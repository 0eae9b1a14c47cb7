import os

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://tracking@localhost/tracking")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
# Events older than this are dropped as stale (carriers replay whole days sometimes).
MAX_EVENT_AGE_DAYS = int(os.environ.get("MAX_EVENT_AGE_DAYS", "14"))
EXPECTED_AUDIENCE = os.environ.get("PUSH_AUDIENCE", "")
