import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    project_id: str
    subscription: str
    ledger_api: str
    max_messages: int = 50
    flow_bytes: int = 20 * 1024 * 1024

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            project_id=os.environ.get("GOOGLE_CLOUD_PROJECT", "acme-finops-prod"),
            subscription=os.environ.get("LEDGER_SUBSCRIPTION", "ledger-entries-sync"),
            ledger_api=os.environ.get("LEDGER_API_URL", "https://ledger.internal.acme-fin.com"),
            max_messages=int(os.environ.get("LEDGER_MAX_MESSAGES", "50")),
        )
