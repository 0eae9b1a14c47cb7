"""asyncio worker: N consumer coroutines, a heartbeat task, graceful drain on SIGTERM."""
from __future__ import annotations

import asyncio
import logging
import signal
import time

import anthropic
import redis.exceptions

from .config import Config
from .heartbeat import Heartbeat
from .queue import ReliableQueue
from .translate import Translator

log = logging.getLogger("copydesk.worker")


class Worker:
    def __init__(self, cfg: Config):
        self.cfg = cfg
        self.q = ReliableQueue(cfg.redis_url, cfg.queue, cfg.consumer)
        self.tr = Translator(cfg.model, cfg.max_tokens)
        self.hb = Heartbeat(cfg.heartbeat_path, cfg.consumer)
        self.stopping = asyncio.Event()

    async def _one(self, raw: str, job: dict) -> None:
        t0 = time.monotonic()
        self.hb.in_flight += 1
        try:
            text = await self.tr.translate(job["text"], job["locale"])
        except (anthropic.APIStatusError, anthropic.APIConnectionError) as exc:
            # Already retried by the SDK. Put it back; the next attempt is another consumer's.
            self.hb.failed += 1
            log.error("job %s (%s) failed after SDK retries: %s; returned to queue", job["id"], job["locale"], exc)
            await self.q.give_back(raw)
            return
        finally:
            self.hb.in_flight -= 1
        took = time.monotonic() - t0
        await self.q.done(raw, {"id": job["id"], "locale": job["locale"], "text": text})
        self.hb.processed += 1
        level = logging.WARNING if took > self.cfg.slow_warn_seconds else logging.INFO
        log.log(level, "job %s %s done in %.1fs%s", job["id"], job["locale"], took,
                " (slow)" if level == logging.WARNING else "")

    async def consumer(self, n: int) -> None:
        while not self.stopping.is_set():
            try:
                got = await self.q.take(timeout=2.0)
            except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
                log.warning("consumer %d: redis connection lost (%s); reconnecting in 1s", n, exc)
                await asyncio.sleep(1)
                continue
            if got is None:
                continue
            await self._one(*got)

    async def heartbeat(self) -> None:
        while not self.stopping.is_set():
            try:
                depth = await self.q.depth()
            except redis.exceptions.RedisError:
                depth = None
            await self.hb.beat(depth)
            try:
                await asyncio.wait_for(self.stopping.wait(), self.cfg.heartbeat_every)
            except asyncio.TimeoutError:
                pass

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, self.stopping.set)
        loop.add_signal_handler(signal.SIGINT, self.stopping.set)
        back = await self.q.recover()
        if back:
            log.warning("returned %d in-flight job(s) from a previous run to %s", back, self.cfg.queue)
        log.info("copydesk %s consuming %s with %d consumers, model=%s",
                 self.cfg.consumer, self.cfg.queue, self.cfg.concurrency, self.cfg.model)
        async with asyncio.TaskGroup() as tg:
            tg.create_task(self.heartbeat(), name="heartbeat")
            for i in range(self.cfg.concurrency):
                tg.create_task(self.consumer(i), name=f"consumer-{i}")
            await self.stopping.wait()
            log.info("SIGTERM: draining, %d job(s) in flight", self.hb.in_flight)
        await self.hb.beat(None)
        await self.q.close()
        log.info("stopped cleanly: processed=%d failed=%d", self.hb.processed, self.hb.failed)
        return 0
