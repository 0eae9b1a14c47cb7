import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
MODEL = os.environ.get("MODERATION_MODEL", "claude-sonnet-4-6")
MAX_TOKENS = int(os.environ.get("MODERATION_MAX_TOKENS", "300"))
QUEUES = os.environ.get("RQ_QUEUES", "moderation").split(",")
PORT = int(os.environ.get("PORT", "8080"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
