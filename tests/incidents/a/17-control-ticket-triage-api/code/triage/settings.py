from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TRIAGE_")

    anthropic_model: str = "claude-sonnet-4-6"
    max_tokens: int = 800
    request_timeout_s: float = 60.0


@lru_cache
def get_settings() -> Settings:
    return Settings()
