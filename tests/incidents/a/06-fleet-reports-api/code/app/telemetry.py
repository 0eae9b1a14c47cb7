import requests

from .settings import settings


def fleet_rows(fleet_id: str, month: str) -> list[list[str]]:
    """Pull every trip for the month; large fleets page through ~40k trips."""
    rows = [["vehicle", "trips", "km", "idle h", "fuel l"]]
    url = f"{settings.telemetry_api}/v3/fleets/{fleet_id}/trips"
    params = {"month": month, "page_size": 1000}
    while url:
        resp = requests.get(url, params=params, timeout=30)
        resp.raise_for_status()
        body = resp.json()
        for v in body["vehicles"]:
            rows.append([v["plate"], str(v["trips"]), f'{v["km"]:.0f}', f'{v["idle_h"]:.1f}', f'{v["fuel_l"]:.0f}'])
        url, params = body.get("next"), None
    return rows
