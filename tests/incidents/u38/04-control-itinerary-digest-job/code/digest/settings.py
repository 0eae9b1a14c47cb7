from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class JobSettings:
    bookings_api: str
    outbox_api: str
    model: str
    max_tokens: int
    concurrency: int
    slow_after_s: float
    request_timeout_s: float
    max_retries: int
    horizon_hours: int
    task_index: int
    task_count: int
    failure_budget: float

    @classmethod
    def from_env(cls) -> "JobSettings":
        env = os.environ
        return cls(
            bookings_api=env["BOOKINGS_API"].rstrip("/"),
            outbox_api=env["OUTBOX_API"].rstrip("/"),
            model=env.get("DIGEST_MODEL", "claude-sonnet-4-5"),
            max_tokens=int(env.get("DIGEST_MAX_TOKENS", "3000")),
            concurrency=int(env.get("DIGEST_CONCURRENCY", "6")),
            slow_after_s=float(env.get("DIGEST_SLOW_AFTER_S", "60")),
            request_timeout_s=float(env.get("DIGEST_REQUEST_TIMEOUT_S", "300")),
            max_retries=int(env.get("DIGEST_MAX_RETRIES", "6")),
            horizon_hours=int(env.get("DIGEST_HORIZON_HOURS", "48")),
            task_index=int(env.get("CLOUD_RUN_TASK_INDEX", "0")),
            task_count=int(env.get("CLOUD_RUN_TASK_COUNT", "1")),
            failure_budget=float(env.get("DIGEST_FAILURE_BUDGET", "0.05")),
        )
