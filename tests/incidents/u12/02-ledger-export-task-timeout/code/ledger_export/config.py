import os
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Config:
    source_url: str
    bucket: str
    prefix: str
    chunk_rows: int
    progress_every: int
    business_date: date


def from_env() -> Config:
    raw_date = os.environ.get("BUSINESS_DATE")
    day = date.fromisoformat(raw_date) if raw_date else date.today() - timedelta(days=1)
    return Config(
        source_url=os.environ["LEDGER_DB_URL"],
        bucket=os.environ.get("EXPORT_BUCKET", "ashgrove-ledger-exports"),
        prefix=os.environ.get("EXPORT_PREFIX", "daily"),
        chunk_rows=int(os.environ.get("EXPORT_CHUNK_ROWS", "1000")),
        progress_every=int(os.environ.get("EXPORT_PROGRESS_EVERY", "5000")),
        business_date=day,
    )
