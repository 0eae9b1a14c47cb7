"""Digest output: one JSONL per day on the mounted bucket, read by the huddle dashboard at 07:30."""
from __future__ import annotations

import json
import os


class DigestWriter:
    def __init__(self, out_dir: str, run_date):
        self.path = os.path.join(out_dir, f"digest-{run_date.isoformat()}.jsonl")
        self.rows: list[dict] = []

    def add(self, row: dict) -> None:
        self.rows.append(row)

    def commit(self) -> str:
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        tmp = self.path + ".partial"
        with open(tmp, "w", encoding="utf-8") as fh:
            for row in sorted(self.rows, key=lambda r: r["claim_id"]):
                fh.write(json.dumps(row) + "\n")
        os.replace(tmp, self.path)
        return self.path
