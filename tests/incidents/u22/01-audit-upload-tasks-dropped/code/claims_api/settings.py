import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    project_id: str = os.environ.get("GOOGLE_CLOUD_PROJECT", "acme-claims-prod")
    audit_bucket: str = os.environ.get("AUDIT_BUCKET", "acme-claims-audit-prod")
    audit_prefix: str = os.environ.get("AUDIT_PREFIX", "claims-events")
    db_url: str = os.environ.get("DATABASE_URL", "postgresql://localhost/claims")
    log_level: str = os.environ.get("LOG_LEVEL", "INFO")


settings = Settings()
