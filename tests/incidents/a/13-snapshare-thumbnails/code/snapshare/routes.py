import os
import threading
import uuid

from flask import Blueprint, jsonify, request
from google.cloud import storage

from .images import generate_thumbnails

bp = Blueprint("albums", __name__)
BUCKET = os.environ.get("PHOTO_BUCKET", "snapshare-photos")
_gcs = storage.Client()


@bp.get("/healthz")
def healthz():
    return "ok"


@bp.post("/albums/<album_id>/photos")
def upload_photos(album_id: str):
    bucket = _gcs.bucket(BUCKET)
    keys = []
    for f in request.files.getlist("photos"):
        key = f"originals/{album_id}/{uuid.uuid4().hex}{os.path.splitext(f.filename)[1].lower()}"
        bucket.blob(key).upload_from_file(f.stream, content_type=f.mimetype)
        keys.append(key)
    threading.Thread(target=generate_thumbnails, args=(BUCKET, album_id, keys), daemon=True).start()
    return jsonify({"album_id": album_id, "accepted": len(keys)}), 202


@bp.get("/albums/<album_id>/status")
def album_status(album_id: str):
    bucket = _gcs.bucket(BUCKET)
    originals = sum(1 for _ in bucket.list_blobs(prefix=f"originals/{album_id}/"))
    ready = sum(1 for _ in bucket.list_blobs(prefix=f"thumbs/lg/{album_id}/"))
    return jsonify({"album_id": album_id, "photos": originals, "thumbnails_ready": ready})
