from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    anthropic_model: str = "claude-sonnet-4-5-20250929"
    reports_bucket: str = "fleetline-reports"
    telemetry_api: str = "https://telemetry.fleetline.internal"
    status_page_url: str = "https://status.fleetline.example/api/v2/summary.json"


settings = Settings()
