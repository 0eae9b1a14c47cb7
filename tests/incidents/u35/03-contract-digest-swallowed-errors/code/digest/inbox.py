"""Documents land in the GCS bucket mounted at /mnt/inbox as <date>/<contract-id>/{main.txt,exhibit-*.txt}."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Document:
    key: str
    path: Path

    def text(self) -> str:
        parts = [(self.path / "main.txt").read_text(encoding="utf-8")]
        for ex in sorted(self.path.glob("exhibit-*.txt")):
            parts.append(f"\n\n=== {ex.stem.upper()} ===\n" + ex.read_text(encoding="utf-8"))
        return "".join(parts)


def _shard(key: str, count: int) -> int:
    return int(hashlib.sha1(key.encode()).hexdigest(), 16) % count


def documents_for(inbox: str, run_date: str, task_index: int, task_count: int, limit: int) -> list[Document]:
    day = Path(inbox) / run_date
    if not day.is_dir():
        return []
    docs = [Document(key=p.name, path=p) for p in sorted(day.iterdir()) if (p / "main.txt").exists()]
    mine = [d for d in docs if _shard(d.key, task_count) == task_index]
    return mine[:limit]
