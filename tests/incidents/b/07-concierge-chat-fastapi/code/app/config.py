from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    anthropic_model: str = "claude-haiku-4-5-20251001"
    max_tokens: int = 1024
    redis_url: str = "redis://localhost:6379/0"
    history_turns: int = 12


settings = Settings()
