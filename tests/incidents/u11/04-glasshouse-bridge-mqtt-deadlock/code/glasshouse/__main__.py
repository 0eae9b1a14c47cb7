from __future__ import annotations

import asyncio
import logging
import signal

from aiohttp import web

from . import __version__
from .bridge import Bridge
from .config import Config
from .metrics import make_app
from .status import status_writer

log = logging.getLogger("glasshouse")


async def main() -> None:
    cfg = Config()
    loop = asyncio.get_running_loop()
    bridge = Bridge(cfg, loop)
    runner = web.AppRunner(make_app(bridge))
    await runner.setup()
    await web.TCPSite(runner, "0.0.0.0", cfg.http_port).start()
    log.info("glasshouse-bridge %s: metrics on :%d, zones=%s", __version__, cfg.http_port, ",".join(cfg.zones))

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    bridge.start()
    writer = asyncio.create_task(status_writer(bridge))
    await stop.wait()
    log.info("shutting down")
    writer.cancel()
    bridge.stop()
    await runner.cleanup()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(main())
