import logging
from datetime import date

import httpx
from quart import Quart, jsonify, request

from .bookings import BerthUnavailable, reserve_berth
from .logconf import configure_logging

configure_logging()
log = logging.getLogger("quayside.app")

app = Quart(__name__)


@app.before_serving
async def startup():
    app.http = httpx.AsyncClient(timeout=httpx.Timeout(10.0))
    log.info("quayside ready")


@app.after_serving
async def shutdown():
    await app.http.aclose()


@app.get("/healthz")
async def healthz():
    return {"status": "ok"}


@app.post("/api/bookings")
async def create_booking():
    body = await request.get_json()
    try:
        arrival = date.fromisoformat(body["arrival"])
        res = await reserve_berth(app.http, body["vessel"], arrival, float(body["loa_m"]))
    except (KeyError, ValueError) as exc:
        log.info("rejected booking payload: %s", exc)
        return jsonify(error="invalid booking"), 400
    except BerthUnavailable:
        return jsonify(error="no berth available for that arrival"), 409
    except httpx.HTTPError:
        log.exception("berth service call failed")
        return jsonify(error="berth service unavailable"), 502
    return jsonify(res), 201
