import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    project_id: str
    subscription: str
    profiles_url: str
    bq_table: str
    max_messages: int = 4
    stats_interval: float = 30.0
    http_timeout: float = 5.0


def load() -> Settings:
    return Settings(
        project_id=os.environ.get("GOOGLE_CLOUD_PROJECT", "brightcart-prod"),
        subscription=os.environ.get("SUBSCRIPTION", "orders-created-enricher"),
        profiles_url=os.environ.get("PROFILES_URL", "http://customer-profiles.crm.svc.cluster.local"),
        bq_table=os.environ.get("BQ_TABLE", "brightcart-prod.orders.enriched_orders"),
        max_messages=int(os.environ.get("MAX_MESSAGES", "4")),
        stats_interval=float(os.environ.get("STATS_INTERVAL", "30")),
    )
