from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class JobConfig:
    run_date: dt.date
    notes_dir: str
    out_dir: str
    model: str
    concurrency: int
    progress_every: int

    @classmethod
    def from_env(cls) -> "JobConfig":
        raw_date = os.environ.get("DIGEST_DATE")
        run_date = (dt.date.fromisoformat(raw_date) if raw_date
                    else dt.datetime.now(dt.timezone.utc).date() - dt.timedelta(days=1))
        return cls(
            run_date=run_date,
            notes_dir=os.environ.get("NOTES_DIR", "/mnt/exports/claim-notes"),
            out_dir=os.environ.get("DIGEST_OUT_DIR", "/mnt/digests"),
            model=os.environ.get("DIGEST_MODEL", "claude-haiku-4-5"),
            concurrency=int(os.environ.get("DIGEST_CONCURRENCY", "4")),
            progress_every=int(os.environ.get("DIGEST_PROGRESS_EVERY", "50")),
        )
