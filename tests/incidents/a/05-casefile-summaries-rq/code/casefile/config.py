import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
SUMMARY_MODEL = os.environ.get("CASEFILE_SUMMARY_MODEL", "claude-3-haiku-20240307")
MAX_TOKENS = 512
DOCSTORE_URL = os.environ.get("DOCSTORE_URL", "http://docstore:8000")
