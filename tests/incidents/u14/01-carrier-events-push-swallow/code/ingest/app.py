import base64
import logging

from flask import Flask, request

from . import db, events, logconfig, settings

logconfig.configure(settings.LOG_LEVEL)
log = logging.getLogger("ingest")

app = Flask(__name__)


@app.get("/healthz")
def healthz():
    return {"ok": True}


@app.post("/pubsub/carrier-events")
def carrier_event():
    envelope = request.get_json(silent=True)
    if not envelope or "message" not in envelope:
        log.warning("bad push envelope")
        return ("bad request", 400)

    message = envelope["message"]
    message_id = message.get("messageId") or message.get("message_id")
    try:
        event = events.normalise(base64.b64decode(message.get("data", "")), settings.MAX_EVENT_AGE_DAYS)
        db.insert_event(event)
        log.info(
            "stored %s for %s",
            event["status"],
            event["shipment_id"],
            extra={"message_id": message_id, "shipment_id": event["shipment_id"], "carrier": event["carrier"]},
        )
    except events.StaleEvent:
        log.info("dropping stale event", extra={"message_id": message_id})
    except Exception:
        log.exception("failed to process carrier event", extra={"message_id": message_id})

    # Always ack: Pub/Sub would otherwise hammer us with retries.
    return ("", 204)
