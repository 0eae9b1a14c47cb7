from __future__ import annotations

import asyncio
import logging
import sys
import time

import aiohttp
import anthropic

from . import __version__, logjson
from .bookings import BookingsClient, Trip
from .settings import JobSettings
from .writer import BriefingWriter

log = logging.getLogger("digest")


async def _one(trip: Trip, writer: BriefingWriter, bookings: BookingsClient,
               gate: asyncio.Semaphore, stats: dict) -> None:
    if not trip.email:
        log.warning("trip %s has no traveller email; skipped", trip.trip_id,
                    extra={"fields": {"trip_id": trip.trip_id}})
        stats["skipped"] += 1
        return
    async with gate:
        try:
            body = await writer.write(trip)
            message_id = await bookings.queue_email(trip, "Your trip is almost here", body)
        except (anthropic.APIError, aiohttp.ClientError) as exc:
            log.error("briefing failed for %s: %s", trip.trip_id, exc,
                      extra={"fields": {"trip_id": trip.trip_id}})
            stats["failed"] += 1
            return
    stats["sent"] += 1
    log.info("briefing queued for %s (%s)", trip.trip_id, message_id,
             extra={"fields": {"trip_id": trip.trip_id, "outbox_id": message_id}})


async def run(cfg: JobSettings) -> int:
    started = time.monotonic()
    stats = {"sent": 0, "skipped": 0, "failed": 0}
    client = anthropic.AsyncAnthropic(timeout=cfg.request_timeout_s, max_retries=cfg.max_retries)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        bookings = BookingsClient(session, cfg.bookings_api, cfg.outbox_api)
        trips = await bookings.departures(cfg.horizon_hours, cfg.task_index, cfg.task_count)
        log.info("itinerary-digest %s task %d/%d: %d departures in the next %dh",
                 __version__, cfg.task_index, cfg.task_count, len(trips), cfg.horizon_hours)
        writer = BriefingWriter(client, cfg.model, cfg.max_tokens, cfg.slow_after_s)
        gate = asyncio.Semaphore(cfg.concurrency)
        await asyncio.gather(*(_one(t, writer, bookings, gate, stats) for t in trips))
    await client.close()
    elapsed = time.monotonic() - started
    log.info("done: %d sent, %d skipped, %d failed in %.0fs", stats["sent"], stats["skipped"],
             stats["failed"], elapsed, extra={"fields": stats})
    attempted = stats["sent"] + stats["failed"]
    if attempted and stats["failed"] / attempted > cfg.failure_budget:
        log.error("failure budget exceeded (%.0f%%)", 100 * stats["failed"] / attempted)
        return 1
    return 0


def main() -> int:
    logjson.configure()
    return asyncio.run(run(JobSettings.from_env()))


if __name__ == "__main__":
    sys.exit(main())
