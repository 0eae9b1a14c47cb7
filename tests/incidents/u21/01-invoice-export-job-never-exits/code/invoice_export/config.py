import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    project_id: str
    subscription: str
    bucket: str
    max_messages: int
    ledger_api: str

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            project_id=os.environ.get("GOOGLE_CLOUD_PROJECT", "acme-billing-prod"),
            subscription=os.environ.get("EXPORT_SUBSCRIPTION", "invoice-export-requests-sub"),
            bucket=os.environ.get("EXPORT_BUCKET", "acme-billing-invoice-exports"),
            max_messages=int(os.environ.get("MAX_OUTSTANDING_MESSAGES", "20")),
            ledger_api=os.environ.get("LEDGER_API_URL", "http://ledger.internal:8080"),
        )
