from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str = "postgresql://reports@/ledger?host=/cloudsql/northwind-fin-prod:europe-west1:ledger"
    pool_max: int = 8
    brand_name: str = "Northwind Payments"
    log_level: str = "INFO"


settings = Settings()
