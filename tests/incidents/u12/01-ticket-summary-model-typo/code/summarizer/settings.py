"""Runtime settings, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    model: str
    max_tokens: int
    helpdesk_base_url: str
    request_timeout: float
    log_level: str


def load() -> Settings:
    return Settings(
        model=os.environ.get("SUMMARY_MODEL", "claude-haiku-4-5-20251001"),
        max_tokens=int(os.environ.get("SUMMARY_MAX_TOKENS", "400")),
        helpdesk_base_url=os.environ.get("HELPDESK_BASE_URL", "http://localhost:9000"),
        request_timeout=float(os.environ.get("ANTHROPIC_TIMEOUT", "30")),
        log_level=os.environ.get("LOG_LEVEL", "INFO"),
    )


settings = load()
