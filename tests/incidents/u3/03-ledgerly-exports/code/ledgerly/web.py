import uuid

from flask import Flask, jsonify, request
from rq.job import Job

from ledgerly.exports import build_ledger_export
from ledgerly.redis_conn import redis_conn

app = Flask(__name__)


@app.post("/api/orgs/<int:org_id>/exports")
def request_export(org_id: int):
    body = request.get_json(force=True)
    export_id = f"exp_{uuid.uuid4().hex[:12]}"
    job = build_ledger_export.delay(export_id, org_id, body["start"], body["end"])
    return jsonify(export_id=export_id, job_id=job.id, status="queued"), 202


@app.get("/api/exports/<job_id>")
def export_status(job_id: str):
    job = Job.fetch(job_id, connection=redis_conn)
    status = job.get_status()
    payload = {"job_id": job_id, "status": status}
    if status == "finished":
        payload.update(job.return_value())
    return jsonify(payload)
