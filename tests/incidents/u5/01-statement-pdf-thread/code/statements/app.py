import logging
import sys
import threading
import uuid

from flask import Flask, jsonify, request

from . import render, storage
from .config import settings

logging.basicConfig(
    stream=sys.stdout,
    level=settings.log_level,
    format="%(levelname)s %(name)s: %(message)s",
)
log = logging.getLogger("statements")

app = Flask(__name__)


def generate_pdf(request_id: str, account_id: str, period: str) -> None:
    log.info("[%s] start account=%s period=%s", request_id, account_id, period)
    try:
        items = render.fetch_transactions(account_id, period)
        log.info("[%s] fetched %d transactions", request_id, len(items))

        def progress(page, pages):
            if page % 10 == 0 or page == pages:
                log.info("[%s] rendered page %d/%d", request_id, page, pages)

        data = render.draw_statement(account_id, period, items, on_page=progress)
        name = storage.upload_pdf(account_id, period, data)
        log.info("[%s] done: gs://%s/%s (%d bytes)", request_id, settings.bucket, name, len(data))
    except Exception:
        log.exception("[%s] statement generation failed", request_id)


@app.post("/v1/statements")
def create_statement():
    body = request.get_json(force=True)
    account_id = body["account_id"]
    period = body["period"]
    request_id = uuid.uuid4().hex[:12]
    worker = threading.Thread(
        target=generate_pdf, args=(request_id, account_id, period), daemon=True
    )
    worker.start()
    return jsonify({"request_id": request_id, "status": "accepted"}), 202


@app.get("/v1/statements/<account_id>/<period>")
def get_statement(account_id, period):
    if not storage.exists(account_id, period):
        return jsonify({"status": "pending"}), 404
    return jsonify({"url": storage.signed_url(f"{account_id}/{period}.pdf")})


@app.get("/healthz")
def healthz():
    return "ok"
