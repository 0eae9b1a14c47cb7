import base64
import json
import logging
import time

from flask import Flask, request

from docingest import logs
from docingest.pipeline import ingest_document

logger = logging.getLogger("docingest")


def create_app() -> Flask:
    logs.setup()
    app = Flask(__name__)

    @app.post("/pubsub/push")
    def pubsub_push():
        envelope = request.get_json(silent=True)
        if not envelope or "message" not in envelope:
            logger.warning("bad push envelope")
            return ("bad request", 400)
        msg = envelope["message"]
        attempt = envelope.get("deliveryAttempt", 1)
        try:
            event = json.loads(base64.b64decode(msg.get("data", "")).decode())
        except ValueError:
            logger.error("undecodable message %s, dropping", msg.get("messageId"))
            return ("", 204)
        t0 = time.monotonic()
        logger.info(
            "received %s/%s",
            event["bucket"], event["name"],
            extra={"message_id": msg.get("messageId"), "delivery_attempt": attempt,
                   "customer": msg.get("attributes", {}).get("customer_id"),
                   "size_bytes": int(event.get("size", 0))},
        )
        result = ingest_document(event["bucket"], event["name"])
        logger.info(
            "ingested %s/%s: %d pages in %.1fs",
            event["bucket"], event["name"], result.pages, time.monotonic() - t0,
            extra={"message_id": msg.get("messageId"), "pages": result.pages},
        )
        return ("", 204)

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    return app
