import logging
import logging.handlers
import os
from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict

LOG_FORMAT = "%(asctime)s %(levelname)s [%(name)s] %(message)s"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERS_", env_file=".env", extra="ignore")

    project_id: str = os.environ.get("GOOGLE_CLOUD_PROJECT", "shopfront-prod")
    firestore_collection: str = "orders"
    mail_api_url: str = "https://api.mailgateway.internal/v1/send"
    mail_api_key: str = ""
    mail_from: str = "orders@shopfront.example"
    mail_timeout_seconds: float = 10.0
    log_level: str = "INFO"
    log_file: str = "/var/log/orders/app.log"


@lru_cache
def get_settings() -> Settings:
    return Settings()


def configure_logging(settings: Settings | None = None) -> None:
    settings = settings or get_settings()
    handler = logging.handlers.RotatingFileHandler(
        settings.log_file, maxBytes=10 * 1024 * 1024, backupCount=5
    )
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root = logging.getLogger()
    root.setLevel(settings.log_level)
    root.addHandler(handler)
