import os

MODEL = os.environ.get("CLASSIFIER_MODEL", "claude-sonnet-4-6")
MAX_TOKENS = int(os.environ.get("CLASSIFIER_MAX_TOKENS", "300"))
PORT = int(os.environ.get("PORT", "8080"))
RESULTS_TOPIC = os.environ.get("RESULTS_TOPIC", "")
