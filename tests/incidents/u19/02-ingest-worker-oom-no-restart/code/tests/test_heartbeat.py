import json

from ingest.heartbeat import Heartbeat


def test_heartbeat_writes_file(tmp_path):
    path = tmp_path / "hb" / "heartbeat.json"
    hb = Heartbeat(str(path), "ingest-test", interval=1)
    hb.start()
    data = json.loads(path.read_text())
    assert data["worker"] == "ingest-test"
    assert data["state"] == "starting"
    hb.stop()
    assert json.loads(path.read_text())["state"] == "stopped"
