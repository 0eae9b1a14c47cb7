"""Runtime configuration, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    project_id: str
    subscription: str
    max_messages: int
    tickets_api: str
    tickets_token: str
    log_level: str


def load() -> Settings:
    return Settings(
        project_id=os.environ.get("GOOGLE_CLOUD_PROJECT", "larkspur-support-prod"),
        subscription=os.environ.get("INBOX_SUBSCRIPTION", "inbound-mail-drain"),
        max_messages=int(os.environ.get("INBOX_MAX_MESSAGES", "20")),
        tickets_api=os.environ.get("TICKETS_API", "http://127.0.0.1:8088/api/v2"),
        tickets_token=os.environ.get("TICKETS_TOKEN", ""),
        log_level=os.environ.get("LOG_LEVEL", "INFO"),
    )
