import logging

from .partner import LedgerlyClient

log = logging.getLogger(__name__)


class Handlers:
    def __init__(self, client: LedgerlyClient):
        self.client = client
        self.routes = {
            "invoice.created": self.invoice_created,
            "invoice.voided": self.invoice_voided,
            "refund.issued": self.refund_issued,
        }

    async def dispatch(self, job: dict) -> None:
        handler = self.routes.get(job.get("type"))
        if handler is None:
            log.warning("no handler for job type %r (job %s), dropping", job.get("type"), job.get("id"))
            return
        await handler(job)

    async def invoice_created(self, job: dict) -> None:
        inv = job["payload"]
        ledgerly_id = self.client.push_invoice(
            {
                "external_id": inv["invoice_id"],
                "customer": inv["customer_id"],
                "currency": inv["currency"],
                "lines": inv["lines"],
                "issued_at": inv["issued_at"],
            }
        )
        log.info("invoice %s pushed as %s", inv["invoice_id"], ledgerly_id)

    async def invoice_voided(self, job: dict) -> None:
        self.client.void_invoice(job["payload"]["ledgerly_id"])
        log.info("invoice %s voided", job["payload"]["ledgerly_id"])

    async def refund_issued(self, job: dict) -> None:
        ref = job["payload"]
        ledgerly_id = self.client.push_refund(
            {
                "external_id": ref["refund_id"],
                "invoice": ref["ledgerly_invoice_id"],
                "amount": ref["amount"],
                "currency": ref["currency"],
            }
        )
        log.info("refund %s pushed as %s", ref["refund_id"], ledgerly_id)
