from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QUOTEDESK_", env_file=".env", extra="ignore")

    store_backend: str = "firestore"  # firestore | memory
    blob_backend: str = "gcs"  # gcs | local
    bucket: str = "northgate-quotes-prod"
    local_blob_dir: str = "/tmp/quotes"
    pricing_url: str = "http://pricing.internal.northgate.example/v2"
    pricing_timeout: float = 20.0
    log_level: str = "INFO"


settings = Settings()
