import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    project_id: str
    subscription: str
    db_host: str
    db_name: str
    db_user: str
    db_password: str
    idle_seconds: int
    max_messages: int


def load() -> Settings:
    return Settings(
        project_id=os.environ.get("GOOGLE_CLOUD_PROJECT", "tallyhop-prod"),
        subscription=os.environ.get("SETTLEMENT_SUBSCRIPTION", "settlement-events-ledger"),
        # On Cloud Run the Cloud SQL connector mounts a unix socket under /cloudsql.
        db_host=os.environ.get("DB_HOST", "/cloudsql/tallyhop-prod:europe-west1:ledger-pg"),
        db_name=os.environ.get("DB_NAME", "ledger"),
        db_user=os.environ.get("DB_USER", "ledger_sync"),
        db_password=os.environ.get("DB_PASSWORD", ""),
        idle_seconds=int(os.environ.get("IDLE_EXIT_SECONDS", "45")),
        max_messages=int(os.environ.get("FLOW_MAX_MESSAGES", "20")),
    )
