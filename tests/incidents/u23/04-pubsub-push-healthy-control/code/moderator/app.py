import base64
import json
import logging
import os

from flask import Flask, request

from moderator import logging_setup
from moderator.classify import classify
from moderator.comments_api import save_moderation

logging_setup.configure()
log = logging.getLogger("moderator")
PROJECT = os.environ.get("GOOGLE_CLOUD_PROJECT", "")

app = Flask(__name__)


def trace_of(req):
    header = req.headers.get("X-Cloud-Trace-Context", "")
    if PROJECT and header:
        return f"projects/{PROJECT}/traces/{header.split('/')[0]}"
    return None


@app.get("/healthz")
def healthz():
    return {"ok": True}


@app.post("/pubsub/push")
def pubsub_push():
    envelope = request.get_json(silent=True)
    if not envelope or "message" not in envelope:
        log.warning("bad push envelope")
        return ("bad request", 400)
    message = envelope["message"]
    message_id = message.get("messageId") or message.get("message_id")
    try:
        comment = json.loads(base64.b64decode(message.get("data", "")).decode())
    except (ValueError, UnicodeDecodeError):
        log.warning("undecodable message %s dropped", message_id)
        return ("", 204)

    trace = trace_of(request)
    result = classify(comment["text"])
    save_moderation(comment["comment_id"], result["label"], result.get("reason", ""))
    log.info(
        "comment %s moderated: %s", comment["comment_id"], result["label"],
        extra={"comment_id": comment["comment_id"], "message_id": message_id, "label": result["label"], "trace": trace},
    )
    return ("", 204)
