from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    crm_dsn: str
    firmo_base_url: str
    firmo_api_key: str
    workers: int
    batch_limit: int
    request_timeout_s: float

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            crm_dsn=os.environ["CRM_DSN"],
            firmo_base_url=os.environ.get("FIRMO_BASE_URL", "https://api.firmographix.io"),
            firmo_api_key=os.environ.get("FIRMO_API_KEY", ""),
            workers=int(os.environ.get("ENRICH_WORKERS", "8")),
            batch_limit=int(os.environ.get("ENRICH_BATCH_LIMIT", "5000")),
            request_timeout_s=float(os.environ.get("FIRMO_TIMEOUT_S", "15")),
        )
