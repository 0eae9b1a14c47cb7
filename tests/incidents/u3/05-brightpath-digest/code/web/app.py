import os
import secrets

from flask import Flask, abort, jsonify, request

from app.queues import mail_queue, maintenance_queue
from app.tasks import rebuild_search_index, send_password_reset
from web.digests import enqueue_weekly_digests

app = Flask(__name__)
CRON_TOKEN = os.environ.get("CRON_TOKEN", "")


@app.post("/internal/cron/weekly-digest")
def cron_weekly_digest():
    if request.headers.get("X-Cron-Token") != CRON_TOKEN:
        abort(403)
    return jsonify(enqueued=enqueue_weekly_digests())


@app.post("/api/password-reset")
def password_reset():
    user_id = int(request.json["user_id"])
    mail_queue.enqueue(send_password_reset, user_id, secrets.token_urlsafe(32))
    return "", 202


@app.post("/api/courses/<int:course_id>/reindex")
def reindex(course_id: int):
    job = maintenance_queue.enqueue(rebuild_search_index, course_id)
    return jsonify(job_id=job.id), 202
