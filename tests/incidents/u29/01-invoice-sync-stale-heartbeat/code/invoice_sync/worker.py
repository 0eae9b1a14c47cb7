import asyncio
import json
import logging
import signal

import redis.asyncio as aioredis

from .config import Settings
from .depth_reporter import DepthReporter
from .handlers import Handlers
from .heartbeat import Stats, heartbeat
from .partner import LedgerlyClient, LedgerlyError

log = logging.getLogger(__name__)


class Worker:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.stats = Stats()
        self.handlers = Handlers(LedgerlyClient(settings.ledgerly_url, settings.ledgerly_token))
        self._stopping = asyncio.Event()

    async def run(self) -> None:
        s = self.settings
        r = aioredis.Redis.from_url(s.redis_url)
        reporter = DepthReporter(s.redis_url, s.queues, s.depth_report_interval)
        reporter.start()
        hb = asyncio.create_task(heartbeat(s.heartbeat_path, s.heartbeat_interval, s.worker_name, self.stats))

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self._stopping.set)

        log.info("worker %s listening on %s", s.worker_name, ", ".join(s.queues))
        try:
            while not self._stopping.is_set():
                item = await r.blpop(list(s.queues), timeout=s.pop_timeout)
                if item is None:
                    continue
                queue, raw = item
                await self._handle(queue.decode(), raw)
        finally:
            hb.cancel()
            reporter.stop()
            await r.aclose()
            log.info("worker stopped (processed=%d failed=%d)", self.stats.processed, self.stats.failed)

    async def _handle(self, queue: str, raw: bytes) -> None:
        try:
            job = json.loads(raw)
        except ValueError:
            log.error("unparseable job on %s: %r", queue, raw[:120])
            self.stats.failed += 1
            return
        self.stats.current_job = job.get("id")
        log.info("job %s (%s) from %s", job.get("id"), job.get("type"), queue)
        try:
            await self.handlers.dispatch(job)
            self.stats.processed += 1
        except (LedgerlyError, KeyError) as exc:
            self.stats.failed += 1
            log.error("job %s failed: %s", job.get("id"), exc)
        finally:
            self.stats.current_job = None
