import json
import logging

import requests

log = logging.getLogger("refunds.processor")


class PaymentsClient:
    def __init__(self, base_url: str, token: str):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def refund(self, charge_id: str, amount_cents: int, idempotency_key: str) -> str:
        r = self.session.post(f"{self.base_url}/v2/refunds",
                              json={"charge": charge_id, "amount": amount_cents},
                              headers={"Idempotency-Key": idempotency_key}, timeout=20)
        r.raise_for_status()
        return r.json()["id"]


def handle(client: PaymentsClient, data: bytes, message_id: str) -> str:
    req = json.loads(data)
    refund_id = client.refund(req["charge_id"], req["amount_cents"], idempotency_key=f"refund-{message_id}")
    log.info("refunded charge=%s amount=%s refund=%s", req["charge_id"], req["amount_cents"], refund_id)
    return refund_id
