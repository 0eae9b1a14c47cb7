from __future__ import annotations

import logging
from dataclasses import dataclass

import aiohttp

log = logging.getLogger("digest.bookings")


@dataclass(frozen=True)
class Trip:
    trip_id: str
    traveller: str
    email: str | None
    departs: str
    segments: list[dict]
    locale: str


class BookingsClient:
    def __init__(self, session: aiohttp.ClientSession, bookings_api: str, outbox_api: str):
        self._session = session
        self._bookings = bookings_api
        self._outbox = outbox_api

    async def departures(self, horizon_hours: int, shard: int, shards: int) -> list[Trip]:
        params = {"within_hours": horizon_hours, "shard": shard, "shards": shards}
        async with self._session.get(f"{self._bookings}/v2/departures", params=params) as resp:
            resp.raise_for_status()
            rows = (await resp.json())["trips"]
        return [Trip(r["trip_id"], r["traveller"], r.get("email"), r["departs"], r["segments"],
                     r.get("locale", "en-GB")) for r in rows]

    async def queue_email(self, trip: Trip, subject: str, body: str) -> str:
        payload = {"to": trip.email, "subject": subject, "body_markdown": body,
                   "idempotency_key": f"digest:{trip.trip_id}:{trip.departs[:10]}"}
        async with self._session.post(f"{self._outbox}/v1/messages", json=payload) as resp:
            resp.raise_for_status()
            return (await resp.json())["message_id"]
