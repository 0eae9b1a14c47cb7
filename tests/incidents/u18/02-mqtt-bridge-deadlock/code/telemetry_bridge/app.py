import asyncio
import json
import logging
import signal
import time
from datetime import datetime, timezone

import redis.asyncio as aioredis
from aiohttp import web

from . import __version__
from .config import Config
from .mqtt import MqttBridge
from .state import State
from .thresholds import breach

log = logging.getLogger("telemetry_bridge")


class Service:
    def __init__(self, cfg: Config):
        self.cfg = cfg
        self.state = State()
        self.redis = aioredis.from_url(cfg.redis_url, decode_responses=True)
        self.bridge = None

    async def handle(self, topic: str, payload: bytes):
        plant = topic.split("/")[1]
        reading = json.loads(payload)
        sensor, value = reading["sensor"], float(reading["value"])
        await self.redis.xadd(f"readings:{plant}", {"sensor": sensor, "value": value, "ts": reading["ts"]},
                              maxlen=50_000, approximate=True)
        async with self.state.lock:
            self.state.received += 1
            ps = self.state.plants[plant]
            ps.last_seen[sensor] = (value, reading["ts"])
            kind = breach(sensor, value)
            key = f"{sensor}:{kind}"
            if kind and key not in ps.active_alarms:
                alarm = {"plant": plant, "sensor": sensor, "value": value, "kind": kind,
                         "ts": reading["ts"], "raised_by": self.cfg.instance}
                log.warning("alarm %s %s=%s (%s), publishing", plant, sensor, value, kind)
                await self.bridge.publish(f"plants/{plant}/alarms", json.dumps(alarm).encode(), qos=self.cfg.alarm_qos)
                ps.active_alarms.add(key)
                self.state.alarms_raised += 1
                log.info("alarm %s %s confirmed by broker", plant, key)
            elif not kind:
                for k in [k for k in ps.active_alarms if k.startswith(sensor + ":")]:
                    ps.active_alarms.discard(k)
                    log.info("alarm %s %s cleared", plant, k)

    async def heartbeat(self):
        key = f"telemetry-bridge:heartbeat:{self.cfg.instance}"
        while True:
            async with self.state.lock:
                beat = {
                    "instance": self.cfg.instance,
                    "version": __version__,
                    "last_update": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
                    "mqtt_connected": self.bridge.connected,
                    **self.state.summary(),
                }
            await self.redis.set(key, json.dumps(beat))
            log.debug("heartbeat %s", beat)
            await asyncio.sleep(self.cfg.heartbeat_every)

    async def healthz(self, request):
        return web.json_response({"ok": True, "version": __version__})

    async def metrics(self, request):
        s = self.state
        lines = [
            "# TYPE telemetry_bridge_messages_total counter",
            f"telemetry_bridge_messages_total {s.received}",
            "# TYPE telemetry_bridge_alarms_total counter",
            f"telemetry_bridge_alarms_total {s.alarms_raised}",
            "# TYPE telemetry_bridge_mqtt_connected gauge",
            f"telemetry_bridge_mqtt_connected {int(self.bridge.connected)}",
            "# TYPE telemetry_bridge_uptime_seconds gauge",
            f"telemetry_bridge_uptime_seconds {time.time() - s.started:.0f}",
        ]
        return web.Response(text="\n".join(lines) + "\n", content_type="text/plain")

    async def run(self):
        loop = asyncio.get_running_loop()
        self.bridge = MqttBridge(self.cfg, loop, self.handle)
        app = web.Application()
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/metrics", self.metrics)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "0.0.0.0", self.cfg.http_port).start()
        log.info("telemetry-bridge %s listening on :%d (instance %s)", __version__, self.cfg.http_port, self.cfg.instance)

        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        self.bridge.start()
        beat = asyncio.create_task(self.heartbeat())
        await stop.wait()
        log.info("shutting down")
        beat.cancel()
        self.bridge.stop()
        await runner.cleanup()
        await self.redis.aclose()


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [%(name)s] %(message)s")
    asyncio.run(Service(Config()).run())


if __name__ == "__main__":
    main()
