import os

PROJECT_ID = os.environ.get("GOOGLE_CLOUD_PROJECT", "scribe-prod")
COLLECTION = os.environ.get("TRANSCRIPTS_COLLECTION", "transcripts")
SUMMARY_MODEL = os.environ.get("SUMMARY_MODEL", "claude-sonnet-4-6")
CHUNK_CHARS = int(os.environ.get("CHUNK_CHARS", "24000"))
MAX_TOKENS = int(os.environ.get("SUMMARY_MAX_TOKENS", "1500"))
