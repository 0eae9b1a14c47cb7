import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    project: str
    subscription: str
    thumbs_bucket: str
    max_messages: int
    pull_timeout: float
    thumb_width: int
    max_pages: int


def load() -> Settings:
    return Settings(
        project=os.environ.get("GOOGLE_CLOUD_PROJECT", "lumen-docs-dev"),
        subscription=os.environ.get("THUMB_SUBSCRIPTION", "pdf-uploaded-thumbnailer"),
        thumbs_bucket=os.environ.get("THUMBS_BUCKET", "lumen-docs-thumbs"),
        max_messages=int(os.environ.get("PULL_MAX_MESSAGES", "4")),
        pull_timeout=float(os.environ.get("PULL_TIMEOUT", "30")),
        thumb_width=int(os.environ.get("THUMB_WIDTH", "256")),
        max_pages=int(os.environ.get("THUMB_MAX_PAGES", "2000")),
    )
