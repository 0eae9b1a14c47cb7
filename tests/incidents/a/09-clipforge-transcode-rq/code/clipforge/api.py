import os

from flask import Flask, jsonify, request
from redis import Redis
from rq import Queue

from .tasks import transcode

app = Flask(__name__)
q = Queue("transcode", connection=Redis.from_url(os.environ.get("REDIS_URL", "redis://redis:6379/0")))


@app.post("/uploads/complete")
def upload_complete():
    path = request.get_json()["path"]
    job = q.enqueue(transcode, path)
    return jsonify({"job_id": job.id}), 202
