from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SUMMARIZER_")

    redis_url: str = "redis://localhost:6379/0"
    helpdesk_url: str = "http://helpdesk-api.support.svc.cluster.local"
    anthropic_model: str = "claude-opus-4-5-20251101"
    max_tokens: int = 1024
    job_timeout: int = 300


@lru_cache
def settings() -> Settings:
    return Settings()
