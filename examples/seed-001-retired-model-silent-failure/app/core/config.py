import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
ANTHROPIC_API_KEY = os.environ.get("ANTHROPIC_API_KEY", "")
