import logging

from flask import Blueprint, abort, jsonify, request

from reports import tasks
from reports.queue import get_queue

bp = Blueprint("api", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz():
    return {"ok": True}


@bp.post("/api/reports/quarterly")
def quarterly():
    body = request.get_json(force=True)
    try:
        account_id, year, q = int(body["account_id"]), int(body["year"]), int(body["quarter"])
    except (KeyError, TypeError, ValueError):
        abort(400)
    if q not in (1, 2, 3, 4):
        abort(400)
    job = get_queue().enqueue(tasks.render_quarterly_v2, account_id, year, q,
                              breakdown=body.get("breakdown", "region"),
                              result_ttl=86400, failure_ttl=7 * 86400)
    log.info("queued %s for account %s %s-Q%s", job.id, account_id, year, q)
    return jsonify({"job_id": job.id}), 202


@bp.post("/api/reports/monthly")
def monthly():
    body = request.get_json(force=True)
    job = get_queue().enqueue(tasks.render_monthly, int(body["account_id"]),
                              int(body["year"]), int(body["month"]),
                              result_ttl=86400, failure_ttl=7 * 86400)
    log.info("queued %s for account %s %s-%s", job.id, body["account_id"],
             body["year"], body["month"])
    return jsonify({"job_id": job.id}), 202


@bp.get("/api/reports/<job_id>")
def status(job_id):
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    try:
        job = Job.fetch(job_id, connection=get_queue().connection)
    except NoSuchJobError:
        abort(404)
    return {"status": job.get_status(), "result": job.result}
