import json
import os
from pathlib import Path

TARGETS_FILE = Path(os.environ.get("TARGETS_FILE", Path(__file__).parent / "targets.json"))


def load(shard: int, shards: int) -> list[dict]:
    items = json.loads(TARGETS_FILE.read_text())
    return [t for i, t in enumerate(items) if i % shards == shard]
