import json

from compactor import heartbeat


def test_heartbeat_written(tmp_path):
    p = tmp_path / "hb.json"
    heartbeat.write(str(p), 42)
    data = json.loads(p.read_text())
    assert data["processed"] == 42 and data["pid"] > 0 and data["ts"].endswith("+00:00")
