"""Download the source, run ffmpeg once per rendition, upload the results."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

import requests
from google.cloud import storage

from . import config

log = logging.getLogger(__name__)


@dataclass
class Request:
    asset_id: str
    source_url: str
    owner: str


def ffmpeg_args(src: str, dst: str, height: int, bitrate: str) -> list[str]:
    return [
        config.FFMPEG_BIN, "-hide_banner", "-loglevel", "error", "-y",
        "-i", src,
        "-vf", f"scale=-2:{height}",
        "-c:v", "libx264", "-preset", "medium", "-b:v", bitrate,
        "-c:a", "aac", "-b:a", "128k",
        "-movflags", "+faststart",
        dst,
    ]


def download(url: str, path: str) -> int:
    with requests.get(url, stream=True, timeout=(10, 120)) as response:
        response.raise_for_status()
        size = 0
        with open(path, "wb") as fh:
            for chunk in response.iter_content(1 << 20):
                fh.write(chunk)
                size += len(chunk)
    return size


def transcode(req: Request) -> list[str]:
    os.makedirs(config.WORK_DIR, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix=f"{req.asset_id}-", dir=config.WORK_DIR)
    try:
        src = os.path.join(workdir, "source")
        size = download(req.source_url, src)
        log.info("asset %s: source %.1f MB", req.asset_id, size / 1e6)
        bucket = storage.Client(project=config.PROJECT_ID).bucket(config.OUTPUT_BUCKET)
        uris = []
        for name, height, bitrate in config.RENDITIONS:
            dst = os.path.join(workdir, f"{name}.mp4")
            subprocess.run(ffmpeg_args(src, dst, height, bitrate), check=True)
            blob = bucket.blob(f"{req.owner}/{req.asset_id}/{name}.mp4")
            blob.upload_from_filename(dst, content_type="video/mp4")
            uris.append(f"gs://{config.OUTPUT_BUCKET}/{blob.name}")
            log.info("asset %s: %s uploaded", req.asset_id, name)
        return uris
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
