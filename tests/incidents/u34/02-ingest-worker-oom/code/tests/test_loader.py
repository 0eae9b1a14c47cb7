import json

from ingestd.loader import load_drop, normalise


def test_load_and_normalise(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text("\n".join(json.dumps({"account_id": i, "sku": "X", "qty": "2"}) for i in range(3)))
    rows = normalise(load_drop(str(tmp_path), "a.jsonl"))
    assert [r["qty"] for r in rows] == [2, 2, 2]
    assert rows[0]["account"] == "0"
