import datetime as dt
import json

from digest.source import NotesExport


def test_grouped(tmp_path):
    rows = [{"claim_id": "CLM-1", "handler": "a", "lob": "motor", "text": "x"},
            {"claim_id": "CLM-1", "handler": "b", "lob": "motor", "text": "y"},
            {"claim_id": "CLM-2", "handler": "a", "lob": "home", "text": "z"}]
    (tmp_path / "2026-12-01.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    claims = NotesExport(str(tmp_path), dt.date(2026, 12, 1)).grouped()
    assert sorted(claims) == ["CLM-1", "CLM-2"]
    assert len(claims["CLM-1"]) == 2
