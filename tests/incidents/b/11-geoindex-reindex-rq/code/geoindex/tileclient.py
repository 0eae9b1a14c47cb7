import os

import requests

from .backoff import with_backoff

TILE_API = os.environ.get("TILE_API", "https://tiles.cartoline.io/v2")
_session = requests.Session()
_session.headers["Authorization"] = f"Bearer {os.environ.get('TILE_API_TOKEN', '')}"


@with_backoff(attempts=10, base=1.0, cap=8.0)
def fetch_features(z: int, x: int, y: int) -> list[dict]:
    resp = _session.get(f"{TILE_API}/features/{z}/{x}/{y}.json", timeout=60)
    resp.raise_for_status()
    return resp.json()["features"]
