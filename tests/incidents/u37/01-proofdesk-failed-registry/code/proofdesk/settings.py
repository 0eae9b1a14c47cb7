"""Runtime settings, read once from the environment (see deploy/proofd.env)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return default if raw in (None, "") else int(raw)


@dataclass(frozen=True)
class Settings:
    redis_url: str = field(default_factory=lambda: os.environ.get("REDIS_URL", "redis://localhost:6379/3"))
    queue_name: str = field(default_factory=lambda: os.environ.get("PROOF_QUEUE", "copyedit"))
    manuscript_root: str = field(default_factory=lambda: os.environ.get("MANUSCRIPT_ROOT", "/srv/proofdesk/manuscripts"))
    suggestions_root: str = field(default_factory=lambda: os.environ.get("SUGGESTIONS_ROOT", "/srv/proofdesk/suggestions"))
    model: str = field(default_factory=lambda: os.environ.get("PROOF_MODEL", "claude-sonnet-4-6"))
    max_tokens: int = field(default_factory=lambda: _int("PROOF_MAX_TOKENS", 4096))
    # How many chapters either side of the target chapter go into the prompt as
    # "house context" (names, spellings, timeline). -1 = the whole book, which is
    # what the editors asked for during the 2025 pilot (novellas, < 60k words).
    context_neighbours: int = field(default_factory=lambda: _int("PROOF_CONTEXT_NEIGHBOURS", -1))
    job_timeout: int = field(default_factory=lambda: _int("PROOF_JOB_TIMEOUT", 900))
    retries: int = field(default_factory=lambda: _int("PROOF_RETRIES", 2))


_settings: Settings | None = None


def get_settings() -> Settings:
    global _settings
    if _settings is None:
        _settings = Settings()
    return _settings
