import asyncio
import logging

import paho.mqtt.client as mqtt

log = logging.getLogger("telemetry_bridge.mqtt")


class MqttBridge:
    """Runs paho's network loop in its own thread and hands messages to the asyncio loop."""

    def __init__(self, cfg, loop: asyncio.AbstractEventLoop, handler):
        self.cfg = cfg
        self.loop = loop
        self.handler = handler
        self.connected = False
        self._pending = {}
        self.client = mqtt.Client(
            callback_api_version=mqtt.CallbackAPIVersion.VERSION2,
            client_id=f"telemetry-bridge-{cfg.instance}",
            clean_session=False,
        )
        if cfg.mqtt_password:
            self.client.username_pw_set(cfg.mqtt_username, cfg.mqtt_password)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self.client.on_publish = self._on_publish
        self.client.reconnect_delay_set(min_delay=1, max_delay=30)

    def start(self):
        self.client.connect_async(self.cfg.mqtt_host, self.cfg.mqtt_port, keepalive=self.cfg.mqtt_keepalive)
        self.client.loop_start()

    def stop(self):
        self.client.disconnect()
        self.client.loop_stop()

    # --- paho callbacks (network thread) ---

    def _on_connect(self, client, userdata, flags, reason_code, properties):
        if reason_code.is_failure:
            log.error("mqtt connect refused: %s", reason_code)
            return
        self.connected = True
        log.info("connected to mqtt %s:%d, subscribing to %s", self.cfg.mqtt_host, self.cfg.mqtt_port, self.cfg.mqtt_topic)
        client.subscribe(self.cfg.mqtt_topic, qos=1)

    def _on_disconnect(self, client, userdata, flags, reason_code, properties):
        self.connected = False
        log.warning("mqtt disconnected: %s", reason_code)

    def _on_message(self, client, userdata, msg):
        fut = asyncio.run_coroutine_threadsafe(self.handler(msg.topic, msg.payload), self.loop)
        try:
            fut.result()
        except Exception:
            log.exception("handler failed for %s", msg.topic)

    def _on_publish(self, client, userdata, mid, reason_code, properties):
        waiter = self._pending.pop(mid, None)
        if waiter is not None:
            self.loop.call_soon_threadsafe(waiter.set_result, mid)

    # --- used from the event loop ---

    async def publish(self, topic: str, payload: bytes, qos: int = 1) -> int:
        done = self.loop.create_future()
        info = self.client.publish(topic, payload, qos=qos)
        self._pending[info.mid] = done
        if info.is_published():
            self._pending.pop(info.mid, None)
            return info.mid
        return await done
