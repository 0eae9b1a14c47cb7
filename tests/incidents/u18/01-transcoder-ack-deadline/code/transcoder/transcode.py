import logging
import os
import subprocess
import tempfile
import time

from google.cloud import storage

from .profiles import ffmpeg_args

log = logging.getLogger("transcoder.transcode")

_storage = None


def _client():
    global _storage
    if _storage is None:
        _storage = storage.Client()
    return _storage


def transcode(source_uri: str, video_id: str, profiles, settings) -> dict:
    """Download the source, render every profile with ffmpeg, upload renditions."""
    started = time.monotonic()
    bucket_name, _, blob_name = source_uri.removeprefix("gs://").partition("/")
    os.makedirs(settings.scratch_dir, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=settings.scratch_dir) as work:
        src = os.path.join(work, "source" + os.path.splitext(blob_name)[1])
        _client().bucket(bucket_name).blob(blob_name).download_to_filename(src)
        outputs = {}
        for profile in profiles:
            dst = os.path.join(work, f"{profile}.mp4")
            cmd = [settings.ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-i", src, *ffmpeg_args(profile), dst]
            subprocess.run(cmd, check=True)
            key = f"{video_id}/{profile}.mp4"
            _client().bucket(settings.output_bucket).blob(key).upload_from_filename(dst, content_type="video/mp4")
            outputs[profile] = f"gs://{settings.output_bucket}/{key}"
    return {"outputs": outputs, "seconds": time.monotonic() - started}
