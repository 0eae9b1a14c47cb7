"""Writes CSV parts to GCS (or a local directory when bucket starts with file://)."""

from __future__ import annotations

import csv
import io
import pathlib

HEADER = ["id", "account_no", "posted_at", "amount_minor", "currency", "counterparty", "memo"]


class PartWriter:
    def __init__(self, bucket: str, prefix: str) -> None:
        self.bucket = bucket
        self.prefix = prefix
        self.parts = 0
        if bucket.startswith("file://"):
            self._root = pathlib.Path(bucket.removeprefix("file://"))
            self._gcs = None
        else:
            from google.cloud import storage

            self._gcs = storage.Client().bucket(bucket)

    def write(self, rows: list[tuple]) -> str:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(HEADER)
        w.writerows(rows)
        name = f"{self.prefix}/part-{self.parts:05d}.csv"
        self.parts += 1
        if self._gcs is None:
            path = self._root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(buf.getvalue())
        else:
            self._gcs.blob(name).upload_from_string(buf.getvalue(), content_type="text/csv")
        return name
