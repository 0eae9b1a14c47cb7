import copy
import os
from pathlib import Path

import yaml

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "config" / "settings.yaml"


def _apply_env_overrides(settings: dict) -> dict:
    out = copy.deepcopy(settings)
    for section, values in out.items():
        if not isinstance(values, dict):
            continue
        for key, value in values.items():
            env_name = f"TRIAGE_{section}_{key}".upper()
            if env_name in os.environ and not isinstance(value, (list, dict)):
                raw = os.environ[env_name]
                values[key] = type(value)(raw) if value is not None else raw
    return out


def load_settings(path: str | os.PathLike | None = None) -> dict:
    path = Path(path or os.environ.get("TRIAGE_SETTINGS", DEFAULT_PATH))
    with path.open() as fh:
        settings = yaml.safe_load(fh)
    return _apply_env_overrides(settings)
