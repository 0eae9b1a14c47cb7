from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False)

    google_cloud_project: str = "shopfront-prod"
    order_events_subscription: str = "order-events-fulfillment"
    max_outstanding_messages: int = 200
    max_outstanding_bytes: int = 50 * 1024 * 1024
    fulfillment_collection: str = "fulfillment_orders"
    log_level: str = "INFO"


@lru_cache
def get_settings() -> Settings:
    return Settings()
