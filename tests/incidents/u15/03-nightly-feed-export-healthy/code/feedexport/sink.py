import datetime as dt
import gzip
import json

from google.cloud import storage

from . import config


class PartWriter:
    """Writes each batch as its own gzipped NDJSON object, so a batch is acked only once it is stored."""

    def __init__(self, run_id: str):
        self._bucket = storage.Client().bucket(config.FEED_BUCKET)
        self._prefix = f"deltas/{dt.date.today().isoformat()}/{run_id}"
        self._n = 0

    def write_part(self, rows: list[dict]) -> str:
        self._n += 1
        name = f"{self._prefix}/part-{self._n:05d}.ndjson.gz"
        body = gzip.compress("".join(json.dumps(r, separators=(",", ":")) + "\n" for r in rows).encode())
        self._bucket.blob(name).upload_from_string(body, content_type="application/x-ndjson",
                                                   if_generation_match=0)
        return name
