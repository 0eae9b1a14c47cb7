import os

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://minutes@pg-minutes:5432/minutes")
SUMMARY_MODEL = os.environ.get("SUMMARY_MODEL", "claude-sonnet-4-6")
SUMMARY_MAX_TOKENS = int(os.environ.get("SUMMARY_MAX_TOKENS", "1500"))
PORT = int(os.environ.get("PORT", "8080"))
