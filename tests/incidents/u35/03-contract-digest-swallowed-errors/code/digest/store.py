from __future__ import annotations

import json
from pathlib import Path


class DigestStore:
    def __init__(self, outbox: str, run_date: str):
        self.root = Path(outbox) / run_date
        self.root.mkdir(parents=True, exist_ok=True)

    def put(self, key: str, model: str, text: str) -> Path:
        p = self.root / f"{key}.json"
        p.write_text(json.dumps({"contract": key, "model": model, "digest": text}, ensure_ascii=False))
        return p

    def report(self, task_index: int, counts: dict) -> None:
        (self.root / f"_task-{task_index}.json").write_text(json.dumps(counts))
