import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    anthropic_api_key: str = field(repr=False)
    triage_model: str
    draft_model: str
    triage_workers: int
    helpdesk_url: str
    helpdesk_token: str = field(repr=False)
    webhook_secret: str = field(repr=False)
    redis_url: str
    port: int


def load() -> Settings:
    return Settings(
        anthropic_api_key=os.environ["ANTHROPIC_API_KEY"],
        triage_model=os.environ.get("TRIAGE_MODEL", "claude-sonnet-4-6"),
        draft_model=os.environ.get("DRAFT_MODEL", "claude-haiku-4-5"),
        triage_workers=int(os.environ.get("TRIAGE_WORKERS", "4")),
        helpdesk_url=os.environ["HELPDESK_URL"].rstrip("/"),
        helpdesk_token=os.environ.get("HELPDESK_TOKEN", ""),
        webhook_secret=os.environ.get("WEBHOOK_SECRET", ""),
        redis_url=os.environ.get("REDIS_URL", "redis://redis:6379/0"),
        port=int(os.environ.get("PORT", "8080")),
    )
