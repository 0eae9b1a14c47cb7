import requests

from tripnotes import config

_s = requests.Session()


def agent_notes(booking_ref: str) -> list[str]:
    r = _s.get(f"{config.BOOKINGS_API}/bookings/{booking_ref}/notes", timeout=5.0)
    r.raise_for_status()
    return [n["text"] for n in r.json()["notes"]]
