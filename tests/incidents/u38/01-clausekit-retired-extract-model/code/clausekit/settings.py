"""Layered settings.

Resolution order (later wins):
  1. settings/base.toml           - shipped defaults
  2. settings/<CLAUSEKIT_ENV>.toml - per-environment override (staging, production)
  3. CLAUSEKIT__SECTION__KEY      - environment variables, e.g. CLAUSEKIT__REDIS__URL
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

SETTINGS_DIR = Path(os.environ.get("CLAUSEKIT_SETTINGS_DIR", Path(__file__).resolve().parent.parent / "settings"))


def _merge(into: dict, other: dict) -> dict:
    for key, value in other.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value
    return into


def _env_overrides(prefix: str = "CLAUSEKIT__") -> dict:
    tree: dict = {}
    for name, value in os.environ.items():
        if not name.startswith(prefix):
            continue
        path = name[len(prefix):].lower().split("__")
        node = tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    return tree


@dataclass(frozen=True)
class LLMSettings:
    api_base: str | None
    timeout_s: float
    max_retries: int
    models: dict[str, str] = field(default_factory=dict)
    max_tokens: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    env: str
    redis_url: str
    queues: tuple[str, ...]
    result_ttl: int
    job_timeout: int
    llm: LLMSettings


def load_raw(env: str | None = None) -> dict:
    env = env or os.environ.get("CLAUSEKIT_ENV", "development")
    raw: dict = {}
    for name in ("base.toml", f"{env}.toml"):
        path = SETTINGS_DIR / name
        if path.exists():
            with path.open("rb") as fh:
                _merge(raw, tomllib.load(fh))
    _merge(raw, _env_overrides())
    raw.setdefault("env", env)
    return raw


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    raw = load_raw()
    llm = raw.get("llm", {})
    return Settings(
        env=raw["env"],
        redis_url=raw["redis"]["url"],
        queues=tuple(raw["worker"]["queues"]),
        result_ttl=int(raw["worker"].get("result_ttl", 86400)),
        job_timeout=int(raw["worker"].get("job_timeout", 600)),
        llm=LLMSettings(
            api_base=llm.get("api_base") or None,
            timeout_s=float(llm.get("timeout_s", 120)),
            max_retries=int(llm.get("max_retries", 3)),
            models=dict(llm.get("models", {})),
            max_tokens={k: int(v) for k, v in llm.get("max_tokens", {}).items()},
        ),
    )
