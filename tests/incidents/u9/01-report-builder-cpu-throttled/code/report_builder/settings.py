"""Runtime configuration, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    project_id: str
    bucket: str
    summary_model: str
    max_tokens: int
    signed_url_ttl_minutes: int


def load() -> Settings:
    return Settings(
        project_id=os.getenv("GOOGLE_CLOUD_PROJECT", "tallyhq-prod"),
        bucket=os.getenv("REPORT_BUCKET", "tallyhq-prod-reports"),
        summary_model=os.getenv("SUMMARY_MODEL", "claude-sonnet-4-6"),
        max_tokens=int(os.getenv("SUMMARY_MAX_TOKENS", "4096")),
        signed_url_ttl_minutes=int(os.getenv("SIGNED_URL_TTL_MINUTES", "60")),
    )


settings = load()
