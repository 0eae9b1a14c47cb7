import os
import tomllib
from pathlib import Path

_ENV = os.environ.get("BRIEFING_ENV", "production")
_PATH = Path(__file__).resolve().parent.parent / "config" / f"{_ENV}.toml"

with _PATH.open("rb") as fh:
    CONFIG = tomllib.load(fh)

REDIS_URL = os.environ.get("REDIS_URL", CONFIG["redis"]["url"])
LLM = CONFIG["llm"]
QUEUE = CONFIG["briefing"]["queue"]
