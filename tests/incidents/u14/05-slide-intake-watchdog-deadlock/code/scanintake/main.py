import asyncio
import logging
import signal

from . import __version__, config, health, watcher
from .pipeline import Pipeline

log = logging.getLogger("scanintake")


async def amain() -> None:
    cfg = config.load()
    loop = asyncio.get_running_loop()
    pipeline = Pipeline(cfg)
    server = await health.serve(cfg.health_port)
    observer = watcher.start(cfg.inbox, pipeline, loop)
    log.info("scan-intake %s ready (queue size %d, health on :%d)", __version__, cfg.queue_size, cfg.health_port)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    worker = asyncio.create_task(pipeline.run())
    await stop.wait()
    log.info("stopping")
    worker.cancel()
    observer.stop()
    server.close()


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(amain())


if __name__ == "__main__":
    main()
