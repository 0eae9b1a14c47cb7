import logging

import requests

from .. import settings

log = logging.getLogger("brightledger.sync.client")


class LedgerHubError(Exception):
    def __init__(self, status: int, body: str):
        super().__init__(f"ledgerhub answered {status}: {body[:200]}")
        self.status = status


class LedgerHub:
    def __init__(self, token: str):
        self.s = requests.Session()
        self.s.headers.update({"Authorization": f"Bearer {token}", "Accept": "application/json"})

    def push_invoice(self, tenant: str, invoice: dict) -> str:
        r = self.s.post(f"{settings.LEDGER_API}/tenants/{tenant}/invoices", json=invoice, timeout=20)
        if r.status_code >= 400:
            log.error("invoice push rejected", extra={"tenant": tenant, "invoice": invoice["number"],
                                                       "status": r.status_code})
            raise LedgerHubError(r.status_code, r.text)
        return r.json()["id"]
