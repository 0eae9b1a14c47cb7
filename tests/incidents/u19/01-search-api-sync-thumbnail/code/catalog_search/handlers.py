import logging
import time

import requests
from aiohttp import web

log = logging.getLogger(__name__)

routes = web.RouteTableDef()


@routes.get("/healthz")
async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


@routes.get("/search")
async def search(request: web.Request) -> web.Response:
    q = request.query.get("q", "")
    try:
        limit = min(int(request.query.get("limit", "20")), 100)
    except ValueError:
        raise web.HTTPBadRequest(text="limit must be an integer")
    results = request.app["index"].search(q, limit=limit)
    return web.json_response({"query": q, "count": len(results), "results": results})


@routes.get("/products/{product_id}")
async def get_product(request: web.Request) -> web.Response:
    pid = request.match_info["product_id"]
    product = request.app["index"].products.get(pid)
    if product is None:
        raise web.HTTPNotFound(text="unknown product")
    return web.json_response(product)


@routes.post("/products/{product_id}/images")
async def upload_image(request: web.Request) -> web.Response:
    pid = request.match_info["product_id"]
    if pid not in request.app["index"].products:
        raise web.HTTPNotFound(text="unknown product")
    settings = request.app["settings"]
    if request.content_length and request.content_length > settings.max_upload_bytes:
        raise web.HTTPRequestEntityTooLarge(
            max_size=settings.max_upload_bytes, actual_size=request.content_length
        )
    body = await request.read()
    ctype = request.content_type or "application/octet-stream"
    if not ctype.startswith("image/"):
        raise web.HTTPUnsupportedMediaType(text="expected an image")

    started = time.monotonic()
    try:
        result = request.app["thumbnails"].resize(pid, body, ctype, settings.thumbnail_sizes)
    except requests.Timeout:
        log.error("thumbnailer timed out for product %s after %.1fs", pid, time.monotonic() - started)
        raise web.HTTPGatewayTimeout(text="thumbnail service timed out")
    except requests.RequestException as exc:
        log.error("thumbnailer failed for product %s: %s", pid, exc)
        raise web.HTTPBadGateway(text="thumbnail service error")
    log.info(
        "stored %d thumbnails for product %s in %.2fs",
        len(result.get("thumbnails", [])), pid, time.monotonic() - started,
    )
    return web.json_response({"product": pid, "thumbnails": result.get("thumbnails", [])}, status=201)
