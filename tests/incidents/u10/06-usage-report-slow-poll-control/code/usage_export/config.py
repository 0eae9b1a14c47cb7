from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    api_base: str
    api_token: str
    account_id: str
    bucket: str
    poll_interval_s: float
    max_wait_s: float
    warn_after_attempts: int

    @classmethod
    def from_env(cls) -> "Config":
        return cls(
            api_base=os.environ.get("METERING_API_BASE", "https://reports.gridmeter.example/v1"),
            api_token=os.environ["METERING_API_TOKEN"],
            account_id=os.environ["METERING_ACCOUNT_ID"],
            bucket=os.environ.get("EXPORT_BUCKET", ""),
            poll_interval_s=float(os.environ.get("POLL_INTERVAL_S", "30")),
            max_wait_s=float(os.environ.get("MAX_WAIT_S", "1200")),
            warn_after_attempts=int(os.environ.get("WARN_AFTER_ATTEMPTS", "9")),
        )
