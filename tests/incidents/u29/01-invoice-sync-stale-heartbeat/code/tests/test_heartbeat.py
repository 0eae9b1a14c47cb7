import asyncio
import json

from invoice_sync.heartbeat import Stats, heartbeat


def test_heartbeat_writes_file(tmp_path):
    path = tmp_path / "hb.json"

    async def run():
        task = asyncio.create_task(heartbeat(str(path), 0.01, "w1", Stats()))
        await asyncio.sleep(0.05)
        task.cancel()

    asyncio.run(run())
    data = json.loads(path.read_text())
    assert data["worker"] == "w1"
    assert data["status"] == "idle"
