"""Runtime settings, read once from the environment (systemd EnvironmentFile on the render VMs)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be an integer, got {raw!r}")


def _env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


@dataclass(frozen=True)
class Settings:
    redis_url: str = field(default_factory=lambda: os.environ.get("PROOFSMITH_REDIS_URL", "redis://127.0.0.1:6379/2"))
    queues: list[str] = field(default_factory=lambda: _env_list("PROOFSMITH_QUEUES", "proofs-high,proofs"))
    spool_dir: str = field(default_factory=lambda: os.environ.get("PROOFSMITH_SPOOL", "/srv/proofsmith/spool"))
    out_dir: str = field(default_factory=lambda: os.environ.get("PROOFSMITH_OUT", "/srv/proofsmith/out"))
    dpi: int = field(default_factory=lambda: _env_int("PROOFSMITH_DPI", 150))
    gs_binary: str = field(default_factory=lambda: os.environ.get("PROOFSMITH_GS", "gs"))
    # Budget model for a render job: a fixed setup cost plus a per-page cost,
    # capped so a runaway job cannot hold a worker forever.
    setup_seconds: int = field(default_factory=lambda: _env_int("PROOFSMITH_SETUP_SECONDS", 30))
    seconds_per_page: int = field(default_factory=lambda: _env_int("PROOFSMITH_SECONDS_PER_PAGE", 2))
    max_job_seconds: int = field(default_factory=lambda: _env_int("PROOF_MAX_JOB_SECONDS", 180))
    result_ttl: int = field(default_factory=lambda: _env_int("PROOFSMITH_RESULT_TTL", 86400))
    failure_ttl: int = field(default_factory=lambda: _env_int("PROOFSMITH_FAILURE_TTL", 7 * 86400))


_settings: Settings | None = None


def get_settings() -> Settings:
    global _settings
    if _settings is None:
        _settings = Settings()
    return _settings
