import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    hubspot_token: str
    hubspot_base_url: str
    bq_project: str
    bq_dataset: str
    page_size: int
    lookback_hours: int


def load_settings() -> Settings:
    return Settings(
        hubspot_token=os.environ["HUBSPOT_API_KEY"],
        hubspot_base_url=os.environ.get("HUBSPOT_BASE_URL", "https://api.hubapi.com"),
        bq_project=os.environ.get("BQ_PROJECT", os.environ.get("GOOGLE_CLOUD_PROJECT", "")),
        bq_dataset=os.environ.get("BQ_DATASET", "crm"),
        page_size=int(os.environ.get("CRM_PAGE_SIZE", "100")),
        lookback_hours=int(os.environ.get("CRM_LOOKBACK_HOURS", "2")),
    )
