import asyncio
import json
import logging
import signal
import threading
import time

import redis

from .config import Config
from .forwarder import PartnerForwarder
from .health import start_health_server
from .heartbeat import write_heartbeat

log = logging.getLogger("pricefeed_bridge")


class Bridge:
    def __init__(self, config: Config):
        self.config = config
        self._redis = redis.Redis.from_url(config.redis_url)
        self._pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        self._forwarder = PartnerForwarder(config.partner_url, config.partner_token)
        self._lock = threading.Lock()
        self._latest = {}
        self._forwarded = 0
        self._errors = 0
        self._last_forward = None
        self._loop = None
        self._thread = None
        self._stopping = asyncio.Event()

    def _on_message(self, message):
        update = json.loads(message["data"])
        with self._lock:
            self._latest[update["symbol"]] = update
            future = asyncio.run_coroutine_threadsafe(self._forward(update), self._loop)
            future.result()

    async def _forward(self, update):
        try:
            await self._forwarder.send(update)
        except Exception:
            self._errors += 1
            log.exception("forward failed for %s", update.get("symbol"))
            return
        self._forwarded += 1
        self._last_forward = time.time()
        if self._forwarded % 500 == 0:
            log.info("forwarded %d updates (%d errors)", self._forwarded, self._errors)

    async def _snapshot_loop(self):
        while not self._stopping.is_set():
            await asyncio.sleep(self.config.snapshot_interval)
            with self._lock:
                snapshot = dict(self._latest)
            if snapshot:
                await asyncio.to_thread(
                    self._redis.set, self.config.snapshot_key, json.dumps(snapshot)
                )
                log.info("snapshot stored: %d symbols", len(snapshot))

    async def _heartbeat_loop(self):
        while not self._stopping.is_set():
            write_heartbeat(
                self.config.heartbeat_path,
                forwarded_total=self._forwarded,
                errors_total=self._errors,
                last_forward_at=self._last_forward,
            )
            await asyncio.sleep(self.config.heartbeat_interval)

    def healthy(self):
        return self._thread is not None and self._thread.is_alive()

    async def run(self):
        self._loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            self._loop.add_signal_handler(sig, self._stopping.set)

        start_health_server(self.config.health_port, self.healthy)
        self._pubsub.psubscribe(**{self.config.channel_pattern: self._on_message})
        self._thread = self._pubsub.run_in_thread(sleep_time=0.5, daemon=True)
        log.info("subscribed to %s, forwarding to %s", self.config.channel_pattern, self.config.partner_url)

        tasks = [
            asyncio.create_task(self._snapshot_loop(), name="snapshot"),
            asyncio.create_task(self._heartbeat_loop(), name="heartbeat"),
        ]
        await self._stopping.wait()
        log.info("shutting down")
        for task in tasks:
            task.cancel()
        self._thread.stop()
        await self._forwarder.aclose()
