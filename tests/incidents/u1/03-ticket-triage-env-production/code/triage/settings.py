from functools import lru_cache

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=(".env", ".env.production"),
        env_file_encoding="utf-8",
        extra="ignore",
    )

    app_env: str = "development"
    anthropic_api_key: SecretStr = SecretStr("")
    anthropic_model: str = "claude-sonnet-4-6"
    anthropic_max_tokens: int = 512

    helpdesk_base_url: str = "https://northwind-sandbox.zendesk.com"
    helpdesk_email: str = "triage-bot@northwind-outfitters.com"
    helpdesk_token: SecretStr = SecretStr("")

    triage_lookback_minutes: int = Field(default=70, ge=5)
    triage_batch_size: int = Field(default=25, ge=1, le=100)


@lru_cache
def get_settings() -> Settings:
    return Settings()
