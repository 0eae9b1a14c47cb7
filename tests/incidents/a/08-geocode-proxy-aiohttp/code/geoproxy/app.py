import logging
import os

from aiohttp import ClientSession, ClientTimeout, web

from . import cache, settings

os.makedirs(os.path.dirname(settings.LOG_FILE), exist_ok=True)
logging.basicConfig(
    filename=settings.LOG_FILE,
    level=logging.INFO,
    format="%(asctime)s %(levelname)s %(name)s %(message)s",
)
log = logging.getLogger("geoproxy")


async def geocode(request: web.Request) -> web.Response:
    q = request.query.get("q", "").strip()
    if not q:
        return web.json_response({"error": "missing q"}, status=400)
    hit = await cache.get(q.lower())
    if hit is not None:
        return web.json_response(hit)
    session: ClientSession = request.app["http"]
    async with session.get(f"{settings.UPSTREAM}/search", params={"q": q, "limit": 1}) as resp:
        if resp.status != 200:
            log.error("upstream status=%s q=%r body=%s", resp.status, q, (await resp.text())[:200])
            return web.json_response({"error": "upstream"}, status=502)
        body = await resp.json()
    result = body["features"][0] if body.get("features") else None
    if result is None:
        log.warning("no match q=%r", q)
        return web.json_response({"error": "not found"}, status=404)
    await cache.put(q.lower(), result)
    return web.json_response(result)


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


async def on_startup(app: web.Application) -> None:
    app["http"] = ClientSession(timeout=ClientTimeout(total=8))
    log.info("geoproxy starting upstream=%s", settings.UPSTREAM)


async def on_cleanup(app: web.Application) -> None:
    await app["http"].close()


def make_app() -> web.Application:
    app = web.Application()
    app.router.add_get("/v1/geocode", geocode)
    app.router.add_get("/healthz", healthz)
    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    return app


if __name__ == "__main__":
    web.run_app(make_app(), port=settings.PORT)
