"""Entry point of the Cloud Run Job claims-digest (scheduled 02:00 UTC by Cloud Scheduler)."""
from __future__ import annotations

import asyncio
import logging
import os
import time

from . import logs
from .config import JobConfig
from .sink import DigestWriter
from .source import NotesExport
from .summarise import Summariser

log = logging.getLogger("digest")


async def run(cfg: JobConfig) -> int:
    claims = NotesExport(cfg.notes_dir, cfg.run_date).grouped()
    total = len(claims)
    log.info("digest starting", extra=logs.fields(
        run_date=cfg.run_date.isoformat(), claims=total, model=cfg.model,
        concurrency=cfg.concurrency,
        execution=os.environ.get("CLOUD_RUN_EXECUTION", "local"),
        task_attempt=os.environ.get("CLOUD_RUN_TASK_ATTEMPT", "0")))
    summariser = Summariser(cfg.model, cfg.concurrency)
    writer = DigestWriter(cfg.out_dir, cfg.run_date)
    started = time.monotonic()
    done = failed = 0

    async def one(claim_id, notes):
        nonlocal done, failed
        try:
            writer.add(await summariser.summarise(claim_id, notes))
            done += 1
        except Exception as exc:  # one bad claim must not sink the digest
            failed += 1
            log.warning("claim skipped", extra=logs.fields(claim_id=claim_id, error=repr(exc)[:300]))
        if (done + failed) % cfg.progress_every == 0:
            elapsed = time.monotonic() - started
            log.info("digest progress", extra=logs.fields(
                done=done, failed=failed, total=total, elapsed_s=round(elapsed, 1),
                rate_per_min=round(60 * (done + failed) / max(elapsed, 1e-6), 1)))

    await asyncio.gather(*(one(cid, notes) for cid, notes in claims.items()))
    await summariser.close()
    path = writer.commit()
    log.info("digest written", extra=logs.fields(path=path, done=done, failed=failed,
                                                  elapsed_s=round(time.monotonic() - started, 1)))
    return 0 if failed < max(1, total // 20) else 1


def main() -> int:
    logs.setup()
    return asyncio.run(run(JobConfig.from_env()))


if __name__ == "__main__":
    raise SystemExit(main())
