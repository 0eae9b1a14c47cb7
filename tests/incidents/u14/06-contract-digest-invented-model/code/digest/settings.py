import os

MODEL = os.environ.get("DIGEST_MODEL", "claude-sonnet-4-6")
MAX_TOKENS = int(os.environ.get("DIGEST_MAX_TOKENS", "1200"))
SOURCE_BUCKET = os.environ.get("SOURCE_BUCKET", "")
SOURCE_DIR = os.environ.get("SOURCE_DIR", "./inbox")
DIGEST_DIR = os.environ.get("DIGEST_DIR", "./digests")
LOOKBACK_HOURS = int(os.environ.get("LOOKBACK_HOURS", "24"))
