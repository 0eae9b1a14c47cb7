from __future__ import annotations

import os
import socket
from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    redis_url: str
    queue: str
    consumer: str
    concurrency: int
    model: str
    max_tokens: int
    heartbeat_path: str
    heartbeat_every: float
    slow_warn_seconds: float
    drain_seconds: float

    @classmethod
    def from_env(cls) -> "Config":
        e = os.environ
        return cls(
            redis_url=e.get("COPYDESK_REDIS_URL", "redis://redis:6379/0"),
            queue=e.get("COPYDESK_QUEUE", "copydesk:jobs"),
            consumer=e.get("COPYDESK_CONSUMER") or socket.gethostname(),
            concurrency=int(e.get("COPYDESK_CONCURRENCY", "4")),
            model=e.get("COPYDESK_MODEL", "claude-sonnet-4-6"),
            max_tokens=int(e.get("COPYDESK_MAX_TOKENS", "2048")),
            heartbeat_path=e.get("COPYDESK_HEARTBEAT", "/run/copydesk/heartbeat.json"),
            heartbeat_every=float(e.get("COPYDESK_HEARTBEAT_EVERY", "15")),
            slow_warn_seconds=float(e.get("COPYDESK_SLOW_WARN", "20")),
            drain_seconds=float(e.get("COPYDESK_DRAIN_SECONDS", "45")),
        )
