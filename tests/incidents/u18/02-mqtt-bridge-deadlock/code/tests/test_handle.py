import asyncio
import json

from telemetry_bridge.app import Service
from telemetry_bridge.config import Config


class FakeRedis:
    def __init__(self):
        self.streams = {}

    async def xadd(self, key, fields, **kw):
        self.streams.setdefault(key, []).append(fields)


class FakeBridge:
    connected = True

    def __init__(self):
        self.published = []

    async def publish(self, topic, payload, qos=1):
        self.published.append((topic, json.loads(payload)))
        return 1


def _svc():
    svc = Service.__new__(Service)
    svc.cfg = Config()
    from telemetry_bridge.state import State
    svc.state = State()
    svc.redis = FakeRedis()
    svc.bridge = FakeBridge()
    return svc


def test_alarm_raised_once_then_cleared():
    svc = _svc()
    hot = json.dumps({"sensor": "boiler_temp_c", "value": 97.5, "ts": "2026-11-30T10:00:00.000+00:00"}).encode()
    ok = json.dumps({"sensor": "boiler_temp_c", "value": 80.0, "ts": "2026-11-30T10:00:05.000+00:00"}).encode()

    async def go():
        await svc.handle("plants/lodz-01/telemetry", hot)
        await svc.handle("plants/lodz-01/telemetry", hot)
        await svc.handle("plants/lodz-01/telemetry", ok)

    asyncio.run(go())
    assert [t for t, _ in svc.bridge.published] == ["plants/lodz-01/alarms"]
    assert svc.state.plants["lodz-01"].active_alarms == set()
    assert svc.state.received == 3
