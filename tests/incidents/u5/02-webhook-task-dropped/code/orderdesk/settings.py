from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str = "postgresql://orderdesk@localhost:5432/orderdesk"
    webhook_secret: str = ""
    webhook_timeout: float = 10.0
    webhook_max_attempts: int = 4
    log_level: str = "INFO"

    class Config:
        env_prefix = "ORDERDESK_"


settings = Settings()
