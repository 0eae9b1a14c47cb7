import json
import logging
import sys
import time

import click
from google.cloud import pubsub_v1

from . import settings
from .ledger import post_invoice_event

logging.basicConfig(
    stream=sys.stdout,
    level=logging.INFO,
    format="%(asctime)s %(levelname)s [%(name)s] %(message)s",
)
log = logging.getLogger("drain")


def handle(message: pubsub_v1.subscriber.message.Message) -> None:
    try:
        payload = json.loads(message.data)
    except ValueError:
        log.warning("dropping non-JSON message %s", message.message_id)
        message.ack()
        return
    try:
        post_invoice_event(payload)
    except Exception:
        log.exception("ledger rejected message %s, will be redelivered", message.message_id)
        message.nack()
        return
    message.ack()


@click.group()
def cli():
    pass


@cli.command()
@click.option("--subscription", default=settings.SUBSCRIPTION, show_default=True)
@click.option("--max-messages", default=settings.MAX_MESSAGES, show_default=True)
def drain(subscription: str, max_messages: int) -> None:
    """Pull invoice events and forward them to the ledger."""
    subscriber = pubsub_v1.SubscriberClient()
    path = subscriber.subscription_path(settings.PROJECT_ID, subscription)
    flow = pubsub_v1.types.FlowControl(max_messages=max_messages)

    log.info("starting invoice-events drain on %s (max_messages=%d)", path, max_messages)
    future = subscriber.subscribe(path, callback=handle, flow_control=flow)
    log.info("streaming pull open, waiting for messages")

    with subscriber:
        try:
            while future.running():
                time.sleep(5)
        except KeyboardInterrupt:
            future.cancel()
            future.result()
    log.info("drain finished")


if __name__ == "__main__":
    cli()
