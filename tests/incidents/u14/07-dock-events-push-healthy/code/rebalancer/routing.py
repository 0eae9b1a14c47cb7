import httpx

from . import settings


class RoutingUnavailable(Exception):
    pass


async def nearest_partners(client: httpx.AsyncClient, station_id: str, action: str) -> list[dict]:
    try:
        r = await client.get(
            f"{settings.ROUTING_URL}/v2/stations/{station_id}/partners",
            params={"action": action, "limit": 3},
            timeout=settings.ROUTING_TIMEOUT_S,
        )
    except httpx.TimeoutException as exc:
        raise RoutingUnavailable(f"timeout after {settings.ROUTING_TIMEOUT_S}s") from exc
    if r.status_code in (502, 503, 504):
        raise RoutingUnavailable(f"routing answered {r.status_code}")
    r.raise_for_status()
    return r.json()["partners"]
