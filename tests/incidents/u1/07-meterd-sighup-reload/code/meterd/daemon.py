import asyncio
import json
import logging
import os
import signal
import time

from . import __version__, config
from .uplink import Uplink

log = logging.getLogger("meterd")


class MeterProtocol(asyncio.DatagramProtocol):
    def __init__(self, daemon: "Daemon") -> None:
        self.daemon = daemon

    def datagram_received(self, data: bytes, addr) -> None:
        try:
            meter, kind, value = data.decode().strip().split(",")
            self.daemon.ingest({"meter": meter, "kind": kind, "value": float(value), "ts": time.time()})
        except ValueError:
            log.warning("bad datagram from %s: %r", addr[0], data[:64])


class Daemon:
    def __init__(self, config_path: str) -> None:
        self.config_path = config_path
        self.cfg = config.load(config_path)
        self.uplink = Uplink(self.cfg.uplink_url, self.cfg.uplink_batch, self.cfg.site_id)
        self.processed = 0
        self.started = time.time()

    def ingest(self, reading: dict) -> None:
        factor = (self.cfg.scale or {}).get(reading["kind"], 1.0)
        reading["value"] *= factor
        self.uplink.put(reading)
        self.processed += 1

    async def reload(self) -> None:
        new = await asyncio.to_thread(config.load, self.config_path)
        self.cfg = new
        log.info("configuration reloaded (site=%s, scale=%s)", new.site_id, new.scale)

    def on_sighup(self) -> None:
        log.info("SIGHUP received, reloading %s", self.config_path)
        fut = asyncio.run_coroutine_threadsafe(self.reload(), asyncio.get_running_loop())
        fut.result(timeout=None)

    async def write_status(self) -> None:
        path = self.cfg.status_path
        while True:
            doc = {"ts": time.time(), "pid": os.getpid(), "version": __version__,
                   "processed": self.processed, "backlog": self.uplink.q.qsize()}
            tmp = path + ".tmp"
            with open(tmp, "w") as f:
                json.dump(doc, f)
            os.replace(tmp, path)
            await asyncio.sleep(self.cfg.status_interval)

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGHUP, self.on_sighup)
        stop = asyncio.Event()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        self.uplink.start()
        transport, _ = await loop.create_datagram_endpoint(
            lambda: MeterProtocol(self), local_addr=(self.cfg.listen_host, self.cfg.listen_port)
        )
        status = asyncio.create_task(self.write_status())
        log.info("meterd %s listening on udp/%d, site=%s", __version__, self.cfg.listen_port, self.cfg.site_id)
        await stop.wait()
        status.cancel()
        transport.close()
        log.info("meterd stopped after %d readings", self.processed)
