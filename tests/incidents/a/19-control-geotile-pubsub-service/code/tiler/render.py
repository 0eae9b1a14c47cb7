import logging
import subprocess
import tempfile
from pathlib import Path

from google.cloud import storage

log = logging.getLogger("tiler.render")
_gcs = storage.Client()


def render_tiles(job: dict) -> int:
    """Cut one uploaded GeoTIFF into web tiles for zoom levels 8-14."""
    src_bucket, _, src_name = job["source"].removeprefix("gs://").partition("/")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src.tif"
        _gcs.bucket(src_bucket).blob(src_name).download_to_filename(src)
        out = Path(tmp) / "tiles"
        subprocess.run(["gdal2tiles.py", "--zoom=8-14", "--processes=2", "--xyz", str(src), str(out)],
                       check=True, capture_output=True)
        dst = _gcs.bucket(job["tile_bucket"])
        count = 0
        for f in out.rglob("*.png"):
            dst.blob(f"{job['layer']}/{f.relative_to(out)}").upload_from_filename(f, content_type="image/png")
            count += 1
    return count
