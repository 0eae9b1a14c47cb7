"""Where drained readings go: BigQuery in production, a JSONL file locally."""

import json
import logging
from typing import Protocol

log = logging.getLogger(__name__)


class Sink(Protocol):
    def write(self, rows: list[dict]) -> None: ...


class JsonlSink:
    def __init__(self, path: str) -> None:
        self.path = path

    def write(self, rows: list[dict]) -> None:
        with open(self.path, "a", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row) + "\n")


class BigQuerySink:
    def __init__(self, table: str) -> None:
        from google.cloud import bigquery  # imported lazily: not needed for local runs

        self.client = bigquery.Client()
        self.table = table

    def write(self, rows: list[dict]) -> None:
        errors = self.client.insert_rows_json(self.table, rows)
        if errors:
            raise RuntimeError(f"BigQuery rejected {len(errors)} rows: {errors[:3]}")


def make(backend: str, table: str, path: str) -> Sink:
    if backend == "jsonl":
        return JsonlSink(path)
    return BigQuerySink(table)
