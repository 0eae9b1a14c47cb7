"""Client for the GeoNorth geocoding API."""
import logging
from dataclasses import dataclass

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

log = logging.getLogger(__name__)


class GeocodeError(Exception):
    pass


@dataclass(frozen=True)
class GeoPoint:
    lat: float
    lng: float
    precision: str


class GeoNorthClient:
    def __init__(self, base_url: str, api_key: str, pool_size: int = 10):
        self.base_url = base_url
        self.session = requests.Session()
        retry = Retry(
            total=3,
            backoff_factor=0.5,
            status_forcelist=(429, 502, 503, 504),
            allowed_methods=frozenset({"GET", "POST"}),
        )
        adapter = HTTPAdapter(max_retries=retry, pool_connections=pool_size, pool_maxsize=pool_size)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.session.headers.update({"X-Api-Key": api_key, "User-Agent": "parcelpoint-address-enricher"})

    def geocode(self, address: dict) -> GeoPoint:
        payload = {
            "street": address.get("line1", ""),
            "extra": address.get("line2", ""),
            "postcode": address.get("postcode", ""),
            "city": address.get("city", ""),
            "country": address.get("country", "GB"),
        }
        resp = self.session.post(f"{self.base_url}/v2/geocode", json=payload)
        if resp.status_code == 404:
            raise GeocodeError(f"address not found: {payload['postcode']}")
        resp.raise_for_status()
        body = resp.json()
        best = body["results"][0]
        return GeoPoint(lat=best["lat"], lng=best["lng"], precision=best.get("precision", "unknown"))
