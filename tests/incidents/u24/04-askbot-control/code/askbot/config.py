import os

TELEGRAM_TOKEN = os.environ["TELEGRAM_TOKEN"] if "TELEGRAM_TOKEN" in os.environ else ""
TELEGRAM_API = os.environ.get("TELEGRAM_API", "https://api.telegram.org")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
QUEUE_NAME = os.environ.get("ASKBOT_QUEUE", "askbot")
MODEL = os.environ.get("ASKBOT_MODEL", "claude-sonnet-4-6")
MAX_TOKENS = int(os.environ.get("ASKBOT_MAX_TOKENS", "1024"))
JOB_TIMEOUT = int(os.environ.get("ASKBOT_JOB_TIMEOUT", "300"))
ALLOWED_CHATS = {int(c) for c in os.environ.get("ASKBOT_ALLOWED_CHATS", "").split(",") if c}
