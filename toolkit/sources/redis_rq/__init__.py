"""Live, read-only Redis/RQ evidence (``opsdoc diagnose --redis URL``).

Queues, registries, workers and a bounded job sample, read with a fixed number of
pipelined round trips and only ``@read`` commands, so it is safe to point at a
production Redis during an incident and works with a read-only ACL user.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, wait

from opsdoc.sources.base import InputProblem, SourceContext, SourceResult
from opsdoc.sources.redis_rq.connect import display_url, explain, open_client
from opsdoc.sources.redis_rq.probe import Probe, ProbeResult
from opsdoc.sources.redis_rq.schema import Keys

__all__ = ["RedisSource", "probe_url"]


class RedisSource:
    """Evidence from one or more Redis servers holding RQ queues."""

    name = "redis"

    def __init__(
        self,
        urls: Sequence[str],
        timeout_s: float = 15.0,
        sample_jobs: int = 200,
        key_prefix: str = "rq",
    ) -> None:
        self.urls = [u for u in urls if u and u.strip()]
        self.timeout_s = timeout_s
        self.sample_jobs = sample_jobs
        self.key_prefix = key_prefix

    def collect(self, ctx: SourceContext) -> SourceResult:
        result = SourceResult()
        if not self.urls:
            return result
        # Leave the engine a margin: our own deadline fires first, with a clear message.
        budget = max(0.1, min(self.timeout_s, ctx.deadline_s) * 0.9)
        pool = ThreadPoolExecutor(max_workers=min(8, len(self.urls)), thread_name_prefix="redis")
        futures = {
            pool.submit(probe_url, url, ctx, budget, self.sample_jobs, self.key_prefix): url
            for url in self.urls
        }
        wait(futures, timeout=budget + 0.5)
        pool.shutdown(wait=False, cancel_futures=True)
        details = []
        for future, url in futures.items():
            where = display_url(url)
            if not future.done():
                reason = explain(TimeoutError(), url, budget)
                result.problems.append(InputProblem(where, reason))
                continue
            outcome = future.result()
            if isinstance(outcome, str):
                result.problems.append(InputProblem(where, outcome))
                continue
            result.records.extend(outcome.records)
            result.problems.extend(InputProblem(where, why) for why in outcome.problems)
            details.append(f"{where}: {outcome.detail}")
        result.detail = "; ".join(details)
        return result


def probe_url(
    url: str, ctx: SourceContext, budget_s: float, sample_jobs: int = 200, key_prefix: str = "rq"
) -> ProbeResult | str:
    """Read one server; a failure comes back as the explanation to show the user."""
    started = time.monotonic()
    # Four round trips plus connecting: no single read may eat the whole budget.
    socket_timeout = max(0.2, budget_s / 2)

    def check_time() -> None:
        if time.monotonic() - started > budget_s:
            raise TimeoutError("budget spent")

    client = None
    try:
        client = open_client(url, socket_timeout)
        probe = Probe(
            client, display_url(url), ctx.as_of, sample_jobs, Keys(key_prefix), check_time
        )
        return probe.run()
    except Exception as exc:  # every failure is reported as data
        return explain(exc, url, budget_s)
    finally:
        if client is not None:
            with contextlib.suppress(Exception):
                client.close()
