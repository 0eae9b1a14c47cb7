import os

from flask import Flask, jsonify
from redis import Redis
from rq import Queue

app = Flask(__name__)
queue = Queue("invoices", connection=Redis.from_url(os.environ.get("REDIS_URL", "redis://redis:6379/0")))


@app.post("/invoices/<int:invoice_id>/render")
def render(invoice_id: int):
    job = queue.enqueue("app.tasks.render_invoice", invoice_id, job_timeout=300)
    return jsonify({"job_id": job.id}), 202


@app.post("/invoices/<int:invoice_id>/remind")
def remind(invoice_id: int):
    job = queue.enqueue("app.tasks.send_reminder", invoice_id)
    return jsonify({"job_id": job.id}), 202


@app.get("/healthz")
def healthz():
    return {"ok": True}
