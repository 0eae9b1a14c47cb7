from functools import lru_cache

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    redis_url: str = "redis://localhost:6379/0"
    summary_queue: str = "summaries"
    short_model: str = "claude-haiku-4-5"
    long_model: str = "claude-sonnet-4-6"
    short_limit_chars: int = 24_000
    max_input_chars: int = 400_000
    long_job_timeout: int = 900
    anthropic_timeout: float = 120.0
    anthropic_max_retries: int = 3


@lru_cache
def get_settings() -> Settings:
    return Settings()
