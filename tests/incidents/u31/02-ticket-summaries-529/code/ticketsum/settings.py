from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    redis_url: str = "redis://redis:6379/0"
    queue_name: str = "summaries"

    anthropic_model: str = "claude-haiku-4-5"
    anthropic_max_tokens: int = 600
    anthropic_timeout: float = 45.0
    anthropic_max_retries: int = 0

    helpdesk_base_url: str = "https://northwind.zendesk.com/api/v2"
    helpdesk_email: str = "support-bot@northwind.io"
    helpdesk_token: str = ""
    webhook_secret: str = ""

    job_timeout: int = 120


settings = Settings()
