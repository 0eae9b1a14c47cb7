from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False)

    anthropic_model: str = "claude-sonnet-4-6"
    max_output_tokens: int = 1200
    anthropic_timeout_s: float = 120.0
    anthropic_max_retries: int = 4
    max_clause_chars: int = 20_000
    prompts_path: str = "clauses/prompts.toml"


@lru_cache
def get_settings() -> Settings:
    return Settings()
