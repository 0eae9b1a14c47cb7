from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    model: str = "claude-sonnet-4-6"
    max_tokens: int = 1024
    anthropic_timeout: float = 60.0
    audit_collection: str = "draft_audit"
    api_keys: str = ""  # comma-separated keys of internal callers
    log_level: str = "INFO"


settings = Settings()
