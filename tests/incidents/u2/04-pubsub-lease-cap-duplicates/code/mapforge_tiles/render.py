import json
import subprocess
import tempfile
from pathlib import Path

from google.cloud import storage

from . import settings

_storage = storage.Client(project=settings.PROJECT)


def render_region(job: dict) -> int:
    """Render all tiles of one region/zoom range with tippecanoe and upload the pmtiles."""
    region, zmin, zmax = job["region"], int(job["zmin"]), int(job["zmax"])
    with tempfile.TemporaryDirectory(prefix="tiles-") as tmp:
        src = Path(tmp) / f"{region}.geojsonl"
        blob = _storage.bucket(settings.OUTPUT_BUCKET).blob(f"sources/{region}.geojsonl")
        blob.download_to_filename(src)
        out = Path(tmp) / f"{region}-z{zmin}-{zmax}.pmtiles"
        subprocess.run(
            ["tippecanoe", "-o", str(out), f"-Z{zmin}", f"-z{zmax}", "--force",
             "--drop-densest-as-needed", "-l", region, str(src)],
            check=True, capture_output=True,
        )
        dest = _storage.bucket(settings.OUTPUT_BUCKET).blob(f"tiles/{out.name}")
        dest.upload_from_filename(out)
        meta = {"region": region, "zmin": zmin, "zmax": zmax, "bytes": out.stat().st_size}
        _storage.bucket(settings.OUTPUT_BUCKET).blob(f"tiles/{out.name}.json").upload_from_string(
            json.dumps(meta), content_type="application/json")
        return out.stat().st_size
