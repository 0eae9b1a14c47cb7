"""Service settings. Everything can be overridden by an environment variable of the same name."""

from __future__ import annotations

import os

CLAUDE_MODEL = os.environ.get("CLAUDE_MODEL", "claude-3-5-haiku-20241022")
CLAUDE_MAX_TOKENS = int(os.environ.get("CLAUDE_MAX_TOKENS", "400"))
CLAUDE_TIMEOUT_S = float(os.environ.get("CLAUDE_TIMEOUT_S", "20"))

TOPICS = (
    "delivery",
    "packaging",
    "quality",
    "sizing",
    "price",
    "customer_service",
    "returns",
    "other",
)

MAX_REVIEW_CHARS = int(os.environ.get("MAX_REVIEW_CHARS", "6000"))
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
