"""Typesense collection writer."""
import json
import logging

import requests

log = logging.getLogger(__name__)


class SearchIndex:
    def __init__(self, base_url: str, api_key: str, collection: str):
        self.url = f"{base_url}/collections/{collection}/documents/import"
        self.session = requests.Session()
        self.session.headers["X-TYPESENSE-API-KEY"] = api_key

    def upsert_many(self, docs: list[dict]) -> int:
        body = "\n".join(json.dumps(d) for d in docs)
        resp = self.session.post(self.url, params={"action": "upsert"}, data=body.encode(), timeout=(5, 120))
        resp.raise_for_status()
        failed = [json.loads(line) for line in resp.text.splitlines() if '"success":false' in line.replace(" ", "")]
        for f in failed[:5]:
            log.warning("upsert rejected", extra={"fields": {"error": f.get("error"), "document": f.get("document", "")[:200]}})
        return len(docs) - len(failed)
