from functools import lru_cache

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    anthropic_model: str = "claude-sonnet-4-6"
    max_tokens: int = 600
    anthropic_max_retries: int = 4
    anthropic_timeout: float = 60.0
    firestore_collection: str = "ticket_summaries"
    log_level: str = "INFO"


@lru_cache
def get_settings() -> Settings:
    return Settings()
