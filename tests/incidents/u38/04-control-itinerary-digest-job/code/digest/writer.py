from __future__ import annotations

import json
import logging
import time

import anthropic

from .bookings import Trip

log = logging.getLogger("digest.writer")

SYSTEM = (
    "You write pre-departure briefings for Velmora Travel customers: check-in times, "
    "baggage rules per segment, transfer timings, entry requirements to verify, and a "
    "short packing note for the destination's weather. Friendly, concise, markdown."
)


class BriefingWriter:
    def __init__(self, client: anthropic.AsyncAnthropic, model: str, max_tokens: int,
                 slow_after_s: float):
        self._client = client
        self._model = model
        self._max_tokens = max_tokens
        self._slow_after_s = slow_after_s

    async def write(self, trip: Trip) -> str:
        started = time.monotonic()
        msg = await self._client.messages.create(
            model=self._model,
            max_tokens=self._max_tokens,
            system=SYSTEM,
            messages=[{"role": "user", "content": json.dumps({
                "traveller": trip.traveller, "locale": trip.locale,
                "departs": trip.departs, "segments": trip.segments})}],
        )
        took = time.monotonic() - started
        if took > self._slow_after_s:
            log.warning("slow briefing for %s: %.1fs (%d output tokens)", trip.trip_id, took,
                        msg.usage.output_tokens,
                        extra={"fields": {"trip_id": trip.trip_id, "seconds": round(took, 1)}})
        return "".join(b.text for b in msg.content if b.type == "text")
