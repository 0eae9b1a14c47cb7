from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    project: str
    subscription: str
    batch_size: int
    lease_seconds: int
    lease_refresh_every: float
    model: str
    max_tokens: int
    ledger_url: str
    ledger_timeout: float
    idle_sleep: float

    @classmethod
    def from_env(cls) -> "Settings":
        e = os.environ
        return cls(
            project=e.get("GOOGLE_CLOUD_PROJECT", "tidewater-prod"),
            subscription=e.get("ENRICHER_SUBSCRIPTION", "manifest-lines.enricher"),
            batch_size=int(e.get("ENRICHER_BATCH_SIZE", "20")),
            lease_seconds=int(e.get("ENRICHER_LEASE_SECONDS", "60")),
            lease_refresh_every=float(e.get("ENRICHER_LEASE_REFRESH", "20")),
            model=e.get("ENRICHER_MODEL", "claude-haiku-4-5"),
            max_tokens=int(e.get("ENRICHER_MAX_TOKENS", "256")),
            ledger_url=e.get("LEDGER_URL", "http://customs-ledger.customs.svc.cluster.local:8080"),
            ledger_timeout=float(e.get("LEDGER_TIMEOUT", "10")),
            idle_sleep=float(e.get("ENRICHER_IDLE_SLEEP", "2")),
        )
