import logging
import os
import tempfile

from google.cloud import storage

from .ffmpeg import encode

log = logging.getLogger("clipforge.tasks")
BUCKET = os.environ.get("CLIPFORGE_BUCKET", "clipforge-media")


def transcode(path: str) -> dict:
    bucket = storage.Client().bucket(BUCKET)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "src" + os.path.splitext(path)[1])
        bucket.blob(path).download_to_filename(src)
        outputs = {}
        for profile in ("1080p", "720p"):
            dst = os.path.join(tmp, f"{profile}.mp4")
            encode(src, dst, profile)
            key = path.replace("raw/", f"encoded/{profile}/").rsplit(".", 1)[0] + ".mp4"
            bucket.blob(key).upload_from_filename(dst, content_type="video/mp4")
            outputs[profile] = key
        log.info("transcoded %s -> %s", path, outputs)
        return outputs
