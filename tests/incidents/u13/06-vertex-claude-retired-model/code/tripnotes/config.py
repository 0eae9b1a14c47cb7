import os

GCP_PROJECT = os.environ.get("GOOGLE_CLOUD_PROJECT", "harborpine-prod")
VERTEX_REGION = os.environ.get("VERTEX_REGION", "europe-west1")
CLAUDE_MODEL = os.environ.get("CLAUDE_MODEL", "claude-sonnet-4-6")
MAX_TOKENS = int(os.environ.get("SUMMARY_MAX_TOKENS", "600"))
BOOKINGS_API = os.environ.get("BOOKINGS_API", "http://bookings.internal:8080")
