import json
import logging

from google.cloud import storage

log = logging.getLogger(__name__)


class InvoiceStore:
    def __init__(self, bucket_name: str):
        self._client = storage.Client()
        self._bucket = self._client.bucket(bucket_name)

    def save(self, invoice: dict) -> str:
        key = f"normalized/{invoice['tenant']}/{invoice['invoice_id']}.json"
        blob = self._bucket.blob(key)
        blob.upload_from_string(json.dumps(invoice), content_type="application/json")
        log.info("stored %s", key)
        return key
