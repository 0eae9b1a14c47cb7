import logging

from flask import Flask, jsonify, request

from .queueing import reports_queue
from .reports.statements import build_statement

logging.basicConfig(level=logging.INFO,
                    format="%(asctime)s %(levelname)s [%(name)s] %(message)s")
log = logging.getLogger("ledgerline.web")

app = Flask(__name__)


@app.get("/healthz")
def healthz():
    return {"ok": True}


@app.post("/api/accounts/<int:account_id>/statements")
def request_statement(account_id: int):
    body = request.get_json(silent=True) or {}
    period = body.get("period")
    if not period:
        return jsonify(error="period is required (YYYY-MM)"), 400
    job = reports_queue().enqueue(build_statement, account_id, period,
                                  result_ttl=86400, failure_ttl=7 * 86400)
    log.info("queued statement account=%s period=%s job=%s", account_id, period, job.id)
    return jsonify(job_id=job.id, status="queued"), 202


@app.get("/api/statements/jobs/<job_id>")
def statement_status(job_id: str):
    job = reports_queue().fetch_job(job_id)
    if job is None:
        return jsonify(error="unknown job"), 404
    return jsonify(job_id=job.id, status=job.get_status(refresh=True),
                   url=job.return_value() if job.is_finished else None)
