"""Where new contracts come from: a GCS prefix in production, a directory locally."""

import datetime as dt
import pathlib
from dataclasses import dataclass


@dataclass
class Contract:
    key: str
    text: str


def new_contracts(bucket: str, directory: str, since: dt.datetime) -> list[Contract]:
    if bucket:
        from google.cloud import storage

        out = []
        for blob in storage.Client().list_blobs(bucket, prefix="incoming/"):
            if blob.updated >= since and blob.name.endswith(".txt"):
                out.append(Contract(blob.name, blob.download_as_text()))
        return out
    out = []
    for p in sorted(pathlib.Path(directory).glob("*.txt")):
        mtime = dt.datetime.fromtimestamp(p.stat().st_mtime, dt.timezone.utc)
        if mtime >= since:
            out.append(Contract(p.name, p.read_text()))
    return out
