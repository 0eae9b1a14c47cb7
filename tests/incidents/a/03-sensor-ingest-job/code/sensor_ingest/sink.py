import logging
import threading

log = logging.getLogger("sensor_ingest.sink")


class BufferedSink:
    """Collects rows and flushes them to BigQuery in batches."""

    def __init__(self, table: str, batch_size: int, client=None):
        self.table = table
        self.batch_size = batch_size
        self._rows = []
        self._lock = threading.Lock()
        self._client = client

    def _bq(self):
        if self._client is None:
            from google.cloud import bigquery
            self._client = bigquery.Client()
        return self._client

    def add(self, row: dict) -> None:
        with self._lock:
            self._rows.append(row)
            if len(self._rows) >= self.batch_size:
                self._flush_locked()

    def flush(self) -> None:
        with self._lock:
            self._flush_locked()

    def _flush_locked(self) -> None:
        if not self._rows:
            return
        errors = self._bq().insert_rows_json(self.table, self._rows)
        if errors:
            log.error("insert errors=%d first=%s", len(errors), errors[0])
        else:
            log.info("flushed rows=%d table=%s", len(self._rows), self.table)
        self._rows = []
