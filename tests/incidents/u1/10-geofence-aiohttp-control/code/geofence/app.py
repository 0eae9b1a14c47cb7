import asyncio
import logging
import os
from pathlib import Path

from aiohttp import ClientSession, ClientTimeout, web

from . import logs, zones

log = logging.getLogger("geofence")
ZONES_FILE = Path(os.environ.get("ZONES_FILE", Path(__file__).parent / "data" / "zones.json"))
FLEET_URL = os.environ.get("FLEET_URL", "https://fleet.internal.velotrak.eu")
AUDIT_FILE = Path(os.environ.get("AUDIT_FILE", "/tmp/geofence-audit.log"))

routes = web.RouteTableDef()


@routes.get("/healthz")
async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"ok": True, "zones": len(request.app["zones"])})


@routes.post("/v1/check")
async def check(request: web.Request) -> web.Response:
    body = await request.json()
    lat, lng = float(body["lat"]), float(body["lng"])
    hits = [z.zone_id for z in request.app["zones"] if z.contains(lat, lng)]
    if hits and body.get("vehicle_id"):
        async with request.app["http"].post(
            f"{FLEET_URL}/v2/vehicles/{body['vehicle_id']}/zone-events",
            json={"zones": hits, "lat": lat, "lng": lng},
        ) as resp:
            resp.raise_for_status()
        with AUDIT_FILE.open("a") as f:
            f.write(f"{body['vehicle_id']} {','.join(hits)}\n")
    return web.json_response({"zones": hits})


async def _startup(app: web.Application) -> None:
    app["zones"] = await asyncio.to_thread(zones.load, ZONES_FILE)
    app["http"] = ClientSession(timeout=ClientTimeout(total=5))
    log.info("loaded zones", extra={"json_fields": {"count": len(app["zones"])}})


async def _cleanup(app: web.Application) -> None:
    await app["http"].close()


def make_app() -> web.Application:
    app = web.Application()
    app.add_routes(routes)
    app.on_startup.append(_startup)
    app.on_cleanup.append(_cleanup)
    return app


def main() -> None:
    logs.configure()
    web.run_app(make_app(), port=int(os.environ.get("PORT", "8080")), access_log_class=logs.AccessLogger)


if __name__ == "__main__":
    main()
