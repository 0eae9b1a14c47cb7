from datetime import date

from flask import Blueprint, abort, current_app, jsonify, request

from quotes import tariffs

bp = Blueprint("quotes", __name__)


@bp.get("/healthz")
def healthz():
    return {"ok": True}


@bp.post("/v1/quotes")
def create_quote():
    body = request.get_json(force=True)
    days = int(body["days"])
    if not 1 <= days <= current_app.config["MAX_RENTAL_DAYS"]:
        abort(400, description="days out of range")
    q = tariffs.price(
        current_app.config["TARIFF_BOOK"],
        body["pickup"],
        body.get("dropoff", body["pickup"]),
        body.get("bike_class", "city"),
        date.fromisoformat(body["start"]),
        days,
    )
    current_app.logger.info("quote %s %s x%d -> %s", q.station, q.bike_class, q.days, q.total)
    return jsonify(
        station=q.station,
        bike_class=q.bike_class,
        days=q.days,
        base=str(q.base),
        one_way_fee=str(q.one_way_fee),
        total=str(q.total),
        currency="GBP",
    )
