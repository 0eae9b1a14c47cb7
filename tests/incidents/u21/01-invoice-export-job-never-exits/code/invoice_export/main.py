import json
import logging
import sys

from google.cloud import pubsub_v1

from . import ledger, render, storage
from .config import Settings

logging.basicConfig(
    stream=sys.stdout,
    level=logging.INFO,
    format="%(asctime)s %(levelname)s %(name)s: %(message)s",
)
log = logging.getLogger("invoice_export")


def handle(settings: Settings, message) -> None:
    req = json.loads(message.data)
    account_id, period = req["account_id"], req["period"]
    invoices = ledger.fetch_invoices(settings.ledger_api, account_id, period)
    data = render.to_csv(invoices)
    name = f"{period}/{account_id}.csv"
    storage.upload(settings.bucket, name, data)
    log.info("exported %d invoices for account %s period %s", len(invoices), account_id, period)


def main() -> None:
    settings = Settings.from_env()
    subscriber = pubsub_v1.SubscriberClient()
    sub_path = subscriber.subscription_path(settings.project_id, settings.subscription)

    def callback(message):
        try:
            handle(settings, message)
            message.ack()
        except Exception:
            log.exception("export failed for message %s", message.message_id)
            message.nack()

    flow = pubsub_v1.types.FlowControl(max_messages=settings.max_messages)
    streaming_pull_future = subscriber.subscribe(sub_path, callback=callback, flow_control=flow)
    log.info("listening on %s", sub_path)

    with subscriber:
        try:
            streaming_pull_future.result()
        except KeyboardInterrupt:
            streaming_pull_future.cancel()
            streaming_pull_future.result()
    log.info("done")


if __name__ == "__main__":
    main()
