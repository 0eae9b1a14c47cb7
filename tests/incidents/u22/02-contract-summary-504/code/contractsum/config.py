import os

MODEL = os.environ.get("SUMMARY_MODEL", "claude-sonnet-4-6")
MAX_TOKENS = int(os.environ.get("SUMMARY_MAX_TOKENS", "4096"))
CONTRACTS_BUCKET = os.environ.get("CONTRACTS_BUCKET", "lexio-contracts-prod")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
