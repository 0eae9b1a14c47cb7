from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    project_id: str = "acme-billing-prod"
    reports_bucket: str = "acme-billing-reports"
    bq_dataset: str = "billing"
    page_size_rows: int = 45
    notify_topic: str = "report-ready"

    model_config = {"env_prefix": "REPORTS_"}


settings = Settings()
