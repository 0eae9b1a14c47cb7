import logging
import uuid

from flask import Flask, jsonify, request

from ledgerly import queues, settings
from ledgerly.jobs.invoices import render_invoice_pdf
from ledgerly.jobs.mail import send_password_reset, send_receipt

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
log = logging.getLogger("ledgerly.web")

app = Flask(__name__)


@app.post("/api/invoices/<account_id>/finalize")
def finalize_invoice(account_id: str):
    body = request.get_json(force=True)
    invoice_id = body.get("invoice_id") or f"INV-{uuid.uuid4().hex[:10].upper()}"
    job = queues.invoices().enqueue(
        render_invoice_pdf,
        invoice_id,
        account_id,
        body.get("lines", []),
        job_timeout=settings.INVOICE_JOB_TIMEOUT,
        result_ttl=86400,
    )
    if body.get("email"):
        queues.default().enqueue(send_receipt, body["email"], invoice_id, depends_on=job)
    log.info("queued invoice %s for %s job=%s", invoice_id, account_id, job.id)
    return jsonify({"invoice_id": invoice_id, "job_id": job.id}), 202


@app.post("/api/auth/reset")
def reset_password():
    body = request.get_json(force=True)
    queues.high().enqueue(send_password_reset, body["email"], uuid.uuid4().hex)
    return "", 204


@app.get("/healthz")
def healthz():
    queues.redis_conn().ping()
    return "ok"
