import logging

import requests

log = logging.getLogger(__name__)


class LedgerlyError(Exception):
    pass


class LedgerlyClient:
    def __init__(self, base_url: str, token: str):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers.update(
            {"Authorization": f"Bearer {token}", "User-Agent": "invoice-sync/1.7"}
        )

    def push_invoice(self, invoice: dict) -> str:
        resp = self.session.post(f"{self.base_url}/v2/invoices", json=invoice)
        if resp.status_code >= 400:
            raise LedgerlyError(f"ledgerly {resp.status_code}: {resp.text[:200]}")
        return resp.json()["id"]

    def void_invoice(self, ledgerly_id: str) -> None:
        resp = self.session.post(f"{self.base_url}/v2/invoices/{ledgerly_id}/void")
        if resp.status_code >= 400:
            raise LedgerlyError(f"ledgerly {resp.status_code}: {resp.text[:200]}")

    def push_refund(self, refund: dict) -> str:
        resp = self.session.post(f"{self.base_url}/v2/credit-notes", json=refund)
        if resp.status_code >= 400:
            raise LedgerlyError(f"ledgerly {resp.status_code}: {resp.text[:200]}")
        return resp.json()["id"]
