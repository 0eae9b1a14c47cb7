import base64
import json
import logging
import os
import time

from flask import Flask, request

from .provider import NotifyClient, RateLimited
from .templates import pick

log = logging.getLogger("notifier")


def create_app(client: NotifyClient | None = None) -> Flask:
    app = Flask(__name__)
    gunicorn_logger = logging.getLogger("gunicorn.error")
    if gunicorn_logger.handlers:
        logging.getLogger().handlers = gunicorn_logger.handlers
        logging.getLogger().setLevel(gunicorn_logger.level)

    client = client or NotifyClient(
        os.environ.get("NOTIFY_API_URL", "https://api.notifyhub.example/"),
        os.environ.get("NOTIFY_API_KEY", ""),
    )

    @app.get("/healthz")
    def healthz():
        return "ok"

    @app.post("/pubsub/push")
    def push():
        envelope = request.get_json(silent=True) or {}
        msg = envelope.get("message") or {}
        if "data" not in msg:
            log.error("bad push envelope: %s", list(envelope))
            return "bad request", 400
        started = time.monotonic()
        event = json.loads(base64.b64decode(msg["data"]))
        choice = pick(event.get("status", ""))
        if choice is None:
            log.info("shipment %s status %s: no notification", event.get("shipment_id"), event.get("status"))
            return "", 204
        channel, template = choice
        to = event["contact"]["phone"] if channel == "sms" else event["contact"]["email"]
        try:
            provider_id = client.send(channel, to, template,
                                      {"tracking": event["tracking_no"], "eta": event.get("eta")},
                                      idempotency_key=msg.get("messageId") or msg.get("message_id"))
        except RateLimited:
            log.warning("shipment %s: provider busy, letting Pub/Sub redeliver", event["shipment_id"])
            return "rate limited", 429
        log.info("shipment %s %s -> %s %s sent (%s) in %.0fms", event["shipment_id"], event["status"],
                 channel, template, provider_id, (time.monotonic() - started) * 1000)
        return "", 204

    return app
