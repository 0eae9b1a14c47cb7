import asyncio
import json
import logging
import os
import threading
import time
from pathlib import Path

import redis.asyncio as aioredis

from .rules import apply, load_rules
from .metrics import MetricsPusher
from .watch import start_watch

log = logging.getLogger("rulesd")


class RulesDaemon:
    def __init__(self, rules_path: Path, status_path: Path, redis_url: str, interval: int = 30,
                 pushgateway: str = "http://localhost:9091"):
        self.rules_path = rules_path
        self.status_path = status_path
        self.interval = interval
        self.redis = aioredis.from_url(redis_url)
        self.rules = load_rules(rules_path)
        self.rules_lock = threading.Lock()
        self.pushgateway = pushgateway
        self.loop: asyncio.AbstractEventLoop | None = None
        self.priced_total = 0

    async def reload(self) -> None:
        rules = load_rules(self.rules_path)
        version = int(self.rules_path.stat().st_mtime)
        await self.redis.set("rulesd:rules_version", version)
        self.rules = rules
        log.info("loaded %d rules (version %d)", len(rules), version)

    async def write_status(self) -> None:
        while True:
            with open(self.status_path, "w") as fh:
                fh.write(json.dumps({"last_seen": int(time.time()), "interval": self.interval, "pid": os.getpid()}))
            await asyncio.sleep(self.interval)

    async def price_batch(self, items: list[dict]) -> None:
        with self.rules_lock:
            rules = list(self.rules)
        pipe = self.redis.pipeline()
        for item in items:
            pipe.hset(f"price:{item['sku']}", mapping={"price": apply(rules, item["sku"], item["cost"]), "ts": int(time.time())})
        await pipe.execute()
        self.priced_total += len(items)
        log.debug("priced batch of %d", len(items))

    async def consume(self) -> None:
        while True:
            raw = await self.redis.blpop("pricing:pending", timeout=5)
            if raw is None:
                continue
            batch = json.loads(raw[1])
            await self.price_batch(batch["items"])

    async def run(self) -> None:
        self.loop = asyncio.get_running_loop()
        start_watch(self, self.rules_path)
        MetricsPusher(self, self.pushgateway).start()
        log.info("rulesd started pid=%d rules=%d", os.getpid(), len(self.rules))
        await asyncio.gather(self.write_status(), self.consume())
