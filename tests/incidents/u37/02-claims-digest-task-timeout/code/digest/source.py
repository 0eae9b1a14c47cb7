"""Claim notes exported nightly by the claims platform to gs://ambrook-claims-exports (mounted)."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Iterator


@dataclass(frozen=True)
class ClaimNote:
    claim_id: str
    handler: str
    line_of_business: str
    text: str


class NotesExport:
    def __init__(self, notes_dir: str, run_date):
        self.path = os.path.join(notes_dir, f"{run_date.isoformat()}.jsonl")

    def __iter__(self) -> Iterator[ClaimNote]:
        with open(self.path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    yield ClaimNote(row["claim_id"], row["handler"], row["lob"], row["text"])

    def grouped(self) -> dict[str, list[ClaimNote]]:
        """Notes grouped per claim: one digest per claim, not per note."""
        claims: dict[str, list[ClaimNote]] = {}
        for note in self:
            claims.setdefault(note.claim_id, []).append(note)
        return claims
