from flask import Blueprint, current_app, jsonify

bp = Blueprint("billing", __name__)


@bp.get("/healthz")
def healthz():
    return "ok"


@bp.post("/invoices/<int:invoice_id>/render")
def render(invoice_id: int):
    q = current_app.extensions["rq_billing"]
    job = q.enqueue("app.tasks.render_invoice", invoice_id, job_timeout=300, result_ttl=86400)
    return jsonify({"job_id": job.id, "status": "queued"}), 202


@bp.post("/invoices/<int:invoice_id>/sync")
def sync(invoice_id: int):
    q = current_app.extensions["rq_default"]
    job = q.enqueue("app.tasks.sync_to_ledger", invoice_id)
    return jsonify({"job_id": job.id, "status": "queued"}), 202


@bp.post("/payments/<int:payment_id>/receipt")
def receipt(payment_id: int):
    q = current_app.extensions["rq_default"]
    job = q.enqueue("app.tasks.send_receipt_email", payment_id)
    return jsonify({"job_id": job.id, "status": "queued"}), 202


@bp.get("/jobs/<job_id>")
def job_status(job_id: str):
    from rq.job import Job

    job = Job.fetch(job_id, connection=current_app.extensions["rq_billing"].connection)
    return jsonify({"id": job.id, "status": job.get_status(), "result": job.return_value()})
