"""Lookup of the delivery zone for a point (internal routing service)."""
import requests

CONNECT_TIMEOUT = 3.05
READ_TIMEOUT = 10


class ZoneClient:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.session = requests.Session()

    def zone_for(self, lat: float, lng: float) -> str | None:
        resp = self.session.get(
            f"{self.base_url}/v1/zones/lookup",
            params={"lat": f"{lat:.6f}", "lng": f"{lng:.6f}"},
            timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
        )
        if resp.status_code == 404:
            return None
        resp.raise_for_status()
        return resp.json()["zone_id"]
