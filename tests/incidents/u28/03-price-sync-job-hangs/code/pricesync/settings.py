import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    project: str
    subscription: str
    database_url: str
    max_messages: int
    log_level: str


def load() -> Settings:
    return Settings(
        project=os.environ.get("GOOGLE_CLOUD_PROJECT", "northbay-retail"),
        subscription=os.environ.get("PRICESYNC_SUBSCRIPTION", "supplier-price-updates-sync"),
        database_url=os.environ["DATABASE_URL"],
        max_messages=int(os.environ.get("PRICESYNC_MAX_OUTSTANDING", "50")),
        log_level=os.environ.get("LOG_LEVEL", "INFO"),
    )
