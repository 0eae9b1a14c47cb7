import logging
from datetime import date

import httpx

log = logging.getLogger("quayside.bookings")

BERTH_API = "https://berths.internal.quayside.dev/v1"


class BerthUnavailable(Exception):
    pass


async def reserve_berth(client: httpx.AsyncClient, vessel: str, arrival: date, loa_m: float) -> dict:
    resp = await client.post(f"{BERTH_API}/reservations",
                             json={"vessel": vessel, "arrival": arrival.isoformat(), "loa_m": loa_m})
    if resp.status_code == 409:
        log.warning("no berth for vessel=%s arrival=%s loa=%.1f", vessel, arrival, loa_m)
        raise BerthUnavailable(vessel)
    resp.raise_for_status()
    data = resp.json()
    log.info("reserved berth=%s vessel=%s arrival=%s", data["berth"], vessel, arrival)
    return data
