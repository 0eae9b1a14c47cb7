import logging

import requests

from hookshot import config, payloads

log = logging.getLogger(__name__)

_session = requests.Session()


def deliver_shipment(order: dict) -> int:
    body = payloads.shipment_created(order, config.PAYLOAD_VERSION)
    resp = _session.post(
        config.PARCELWISE_URL,
        json=body,
        headers={
            "Authorization": f"Bearer {config.PARCELWISE_TOKEN}",
            "Idempotency-Key": f"shipment-{order['number']}",
        },
        timeout=config.DELIVERY_TIMEOUT,
    )
    resp.raise_for_status()
    log.info("delivered %s -> %s", order["number"], resp.status_code)
    return resp.status_code
