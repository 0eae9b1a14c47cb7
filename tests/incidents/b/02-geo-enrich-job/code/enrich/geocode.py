import logging
import os

import requests

log = logging.getLogger(__name__)

GEOCODER_URL = os.environ.get("GEOCODER_URL", "https://geo.internal.trailmark.io/v2/reverse")
SESSION = requests.Session()


def reverse(lat: float, lon: float) -> dict:
    resp = SESSION.get(GEOCODER_URL, params={"lat": lat, "lon": lon}, timeout=10)
    resp.raise_for_status()
    body = resp.json()
    return {"country": body.get("country_code"), "region": body.get("region"), "city": body.get("locality")}
