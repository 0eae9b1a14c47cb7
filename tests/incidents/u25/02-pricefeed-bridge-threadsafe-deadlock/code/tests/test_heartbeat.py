import json

from pricefeed_bridge.heartbeat import write_heartbeat


def test_heartbeat_written_atomically(tmp_path):
    path = tmp_path / "hb" / "heartbeat.json"
    write_heartbeat(str(path), forwarded_total=3)
    data = json.loads(path.read_text())
    assert data["forwarded_total"] == 3
    assert data["updated_at"].endswith("Z")
