from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class JobConfig:
    inbox: str
    outbox: str
    run_date: str
    task_index: int
    task_count: int
    model: str
    max_tokens: int
    max_docs: int

    @classmethod
    def load(cls) -> "JobConfig":
        e = os.environ
        yesterday = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)).strftime("%Y-%m-%d")
        return cls(
            inbox=e.get("DIGEST_INBOX", "/mnt/inbox"),
            outbox=e.get("DIGEST_OUTBOX", "/mnt/digests"),
            run_date=e.get("DIGEST_DATE") or yesterday,
            task_index=int(e.get("CLOUD_RUN_TASK_INDEX", "0")),
            task_count=int(e.get("CLOUD_RUN_TASK_COUNT", "1")),
            model=e.get("DIGEST_MODEL", "claude-sonnet-4-6"),
            max_tokens=int(e.get("DIGEST_MAX_TOKENS", "1200")),
            max_docs=int(e.get("DIGEST_MAX_DOCS", "500")),
        )
