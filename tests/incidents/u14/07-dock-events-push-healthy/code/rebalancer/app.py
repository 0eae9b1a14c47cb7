import base64
import contextlib
import json
import logging
import time

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import __version__, logs, plan, routing, settings

logs.setup()
log = logging.getLogger("rebalancer")


@contextlib.asynccontextmanager
async def lifespan(app: Starlette):
    async with httpx.AsyncClient() as client:
        app.state.http = client
        log.info("rebalancer %s ready", __version__)
        yield


async def dock_event(request: Request) -> Response:
    envelope = await request.json()
    msg = envelope.get("message", {})
    mid = msg.get("messageId", "?")
    try:
        ev = json.loads(base64.b64decode(msg.get("data", "")))
        state = plan.DockState(ev["station_id"], int(ev["bikes"]), int(ev["capacity"]))
    except (ValueError, KeyError) as exc:
        # Malformed events are not worth retrying: ack and log.
        log.error("unreadable dock event %s: %s", mid, exc, extra={"fields": {"message_id": mid}})
        return Response(status_code=204)

    action = plan.needs_visit(state, settings.LOW_WATER, settings.HIGH_WATER)
    if action is None:
        return Response(status_code=204)

    started = time.monotonic()
    try:
        partners = await routing.nearest_partners(request.app.state.http, state.station_id, action)
    except routing.RoutingUnavailable as exc:
        log.warning(
            "routing unavailable for %s (%s); returning 503 so Pub/Sub redelivers",
            state.station_id,
            exc,
            extra={"fields": {"message_id": mid, "station_id": state.station_id}},
        )
        return Response(status_code=503)
    log.info(
        "visit planned: %s %s %d bikes via %s in %.2fs",
        action,
        state.station_id,
        plan.bikes_to_move(state),
        ",".join(p["station_id"] for p in partners),
        time.monotonic() - started,
        extra={"fields": {"message_id": mid, "station_id": state.station_id, "attempt": envelope.get("deliveryAttempt")}},
    )
    return Response(status_code=204)


async def root(request: Request) -> JSONResponse:
    return JSONResponse({"service": "rebalancer", "version": __version__})


app = Starlette(routes=[Route("/", root), Route("/push/dock-events", dock_event, methods=["POST"])], lifespan=lifespan)
