"""Checkout webhooks and a small admin API (served by gunicorn)."""

from __future__ import annotations

from flask import Flask, abort, jsonify, request
from sqlalchemy import select

from . import __version__
from .db import engine, orders
from .queue import billing_queue, enqueue_checkout_followups

app = Flask(__name__)


@app.get("/healthz")
def healthz():
    return {"ok": True, "version": __version__}


@app.post("/hooks/checkout-completed")
def checkout_completed():
    event = request.get_json(force=True)
    data = event.get("data") or {}
    if event.get("type") != "checkout.completed" or "order_id" not in data:
        abort(400)
    order_id = int(data["order_id"])
    with engine().connect() as conn:
        if conn.execute(select(orders.c.id).where(orders.c.id == order_id)).first() is None:
            abort(404)
    enqueue_checkout_followups(order_id)
    return jsonify({"queued": True}), 202


@app.post("/hooks/payout-settled")
def payout_settled():
    data = (request.get_json(force=True) or {}).get("data") or {}
    billing_queue.enqueue("billing.jobs.record_payout", data["id"], str(data["amount"]),
                          data["settled_on"])
    return jsonify({"queued": True}), 202


@app.post("/admin/orders/<int:order_id>/resend-receipt")
def resend_receipt(order_id: int):
    job = billing_queue.enqueue("billing.tasks.receipts.send", order_id)
    return jsonify({"job_id": job.id}), 202
