import requests

from . import config

_session = requests.Session()


def geocode(address: str) -> tuple[float, float] | None:
    r = _session.get(config.NOMINATIM_URL, params={"q": address, "format": "jsonv2", "limit": 1}, timeout=10)
    r.raise_for_status()
    hits = r.json()
    if not hits:
        return None
    return float(hits[0]["lat"]), float(hits[0]["lon"])
