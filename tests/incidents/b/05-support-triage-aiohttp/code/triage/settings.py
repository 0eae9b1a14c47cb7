import os

ANTHROPIC_API_KEY = os.environ.get("ANTHROPIC_API_KEY", "")
LLM_MODEL = "claude-3-5-sonnet-20250219"
LLM_MAX_TOKENS = int(os.environ.get("LLM_MAX_TOKENS", "600"))
LLM_TIMEOUT_S = float(os.environ.get("LLM_TIMEOUT_S", "45"))

QUEUES = ["billing", "bug", "how-to", "account", "other"]
DEFAULT_QUEUE = "other"
PORT = int(os.environ.get("PORT", "8080"))
