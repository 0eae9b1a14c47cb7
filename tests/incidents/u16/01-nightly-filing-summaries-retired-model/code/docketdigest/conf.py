"""Layered configuration: config/settings.toml, then DOCKETDIGEST_* env vars."""
from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PATH = BASE_DIR / "config" / "settings.toml"
ENV_PREFIX = "DOCKETDIGEST_"


def _coerce(raw: str, current: Any) -> Any:
    if isinstance(current, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(current, int):
        return int(raw)
    if isinstance(current, float):
        return float(raw)
    if isinstance(current, list):
        return json.loads(raw) if raw.startswith("[") else [p.strip() for p in raw.split(",") if p.strip()]
    return raw


def load(path: Path | None = None, environ: dict[str, str] | None = None) -> dict[str, dict[str, Any]]:
    path = Path(os.environ.get("DOCKETDIGEST_CONFIG", path or DEFAULT_PATH))
    environ = os.environ if environ is None else environ
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    for section, values in data.items():
        for key, current in list(values.items()):
            env_name = f"{ENV_PREFIX}{section}_{key}".upper()
            if env_name in environ:
                values[key] = _coerce(environ[env_name], current)
    return data


CONFIG = load()
