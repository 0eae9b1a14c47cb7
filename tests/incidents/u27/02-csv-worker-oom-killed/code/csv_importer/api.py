import os
import uuid

from flask import Flask, abort, jsonify, request

from csv_importer import settings
from csv_importer.jobs import import_csv
from csv_importer.queue import get_queue

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = settings.MAX_UPLOAD_MB * 1024 * 1024


@app.post("/tenants/<int:tenant_id>/manifests")
def upload_manifest(tenant_id: int):
    upload = request.files.get("file")
    if upload is None or not upload.filename.lower().endswith(".csv"):
        abort(400, "expected a .csv file in 'file'")
    manifest_id = uuid.uuid4().hex
    os.makedirs(settings.UPLOAD_DIR, exist_ok=True)
    path = os.path.join(settings.UPLOAD_DIR, f"{tenant_id}-{manifest_id}.csv")
    upload.save(path)
    job = get_queue().enqueue(
        import_csv, path, tenant_id, manifest_id,
        job_timeout=settings.IMPORT_TIMEOUT,
        result_ttl=7 * 86400,
        failure_ttl=30 * 86400,
        description=f"import manifest {manifest_id} for tenant {tenant_id}",
    )
    return jsonify({"manifest_id": manifest_id, "job_id": job.id, "status": "queued"}), 202


@app.get("/healthz")
def healthz():
    return {"ok": True}
