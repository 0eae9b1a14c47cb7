"""Bridge between the greenhouse MQTT bus and the vent controllers.

Sensor nodes publish `greenhouse/<zone>/telemetry` every ~10 s. When a zone gets too
warm (or cool again) the bridge tells the vent controller via `greenhouse/<zone>/vent/set`
and waits for the controller's `greenhouse/<zone>/vent/ack`, so the recorded vent state
is always the confirmed one.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
from datetime import datetime, timezone

import paho.mqtt.client as mqtt

from .config import Config
from .state import Zone, vent_decision

log = logging.getLogger("glasshouse.bridge")


class Bridge:
    def __init__(self, cfg: Config, loop: asyncio.AbstractEventLoop) -> None:
        self.cfg = cfg
        self.loop = loop
        self.zones = {z: Zone(z) for z in cfg.zones}
        self.state_lock = asyncio.Lock()
        self._pending_acks: dict[str, asyncio.Future] = {}
        self.counters = {"messages": 0, "vent_commands": 0, "bad_payloads": 0}
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=cfg.mqtt_client_id)
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.client.on_disconnect = self._on_disconnect

    # --- paho callbacks (run on paho's network thread) -----------------------------
    def _on_connect(self, client, userdata, flags, reason_code, properties):
        log.info("connected to %s:%s (%s)", self.cfg.mqtt_host, self.cfg.mqtt_port, reason_code)
        client.subscribe([("greenhouse/+/telemetry", 0), ("greenhouse/+/vent/ack", 1)])

    def _on_disconnect(self, client, userdata, flags, reason_code, properties):
        log.warning("disconnected from broker: %s", reason_code)

    def _on_message(self, client, userdata, msg: mqtt.MQTTMessage) -> None:
        # Hand the message to the event loop and wait, so messages are applied in order.
        future = asyncio.run_coroutine_threadsafe(self.handle(msg.topic, msg.payload), self.loop)
        future.result()

    # --- event loop side -----------------------------------------------------------
    async def handle(self, topic: str, payload: bytes) -> None:
        self.counters["messages"] += 1
        parts = topic.split("/")
        if len(parts) < 3 or parts[1] not in self.zones:
            return
        zone_name = parts[1]
        try:
            data = json.loads(payload)
        except ValueError:
            self.counters["bad_payloads"] += 1
            log.warning("bad payload on %s: %r", topic, payload[:80])
            return
        if parts[2] == "telemetry":
            await self._on_telemetry(zone_name, data)
        elif parts[2:] == ["vent", "ack"]:
            fut = self._pending_acks.pop(zone_name, None)
            if fut is not None and not fut.done():
                fut.set_result(data.get("state"))

    async def _on_telemetry(self, zone_name: str, data: dict) -> None:
        async with self.state_lock:
            zone = self.zones[zone_name]
            zone.temp_c = float(data["t"])
            zone.humidity = float(data.get("rh", 0.0))
            zone.last_reading = datetime.now(timezone.utc).isoformat(timespec="seconds")
            action = vent_decision(zone, self.cfg.vent_open_above_c, self.cfg.vent_close_below_c)
            if action:
                log.info("zone %s at %.1f C: vent -> %s", zone_name, zone.temp_c, action)
                zone.vent = await self._command_vent(zone_name, action)
                log.info("zone %s vent confirmed %s", zone_name, zone.vent)

    async def _command_vent(self, zone_name: str, action: str) -> str:
        fut = self.loop.create_future()
        self._pending_acks[zone_name] = fut
        self.counters["vent_commands"] += 1
        self.client.publish(f"greenhouse/{zone_name}/vent/set", json.dumps({"action": action}), qos=1)
        return await fut

    async def snapshot(self) -> dict:
        async with self.state_lock:
            return {
                "updated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "period_s": self.cfg.status_period_s,
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "zones": {name: z.as_dict() for name, z in self.zones.items()},
                **self.counters,
            }

    def start(self) -> None:
        self.client.connect_async(self.cfg.mqtt_host, self.cfg.mqtt_port, keepalive=30)
        self.client.loop_start()

    def stop(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()
