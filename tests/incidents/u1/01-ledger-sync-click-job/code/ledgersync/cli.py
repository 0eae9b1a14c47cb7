import functools
import logging
import sys

import click
from google.cloud import pubsub_v1

from . import __version__
from .config import Settings
from .handlers import handle


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        stream=sys.stdout,
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s [%(name)s] %(message)s",
    )


@click.group()
@click.option("-v", "--verbose", is_flag=True)
def cli(verbose: bool) -> None:
    _setup_logging(verbose)


@cli.command()
@click.option("--subscription", default=None, help="Override LEDGER_SUBSCRIPTION.")
def sync(subscription: str | None) -> None:
    """Pull pending ledger entries and post them to the ledger API."""
    settings = Settings.from_env()
    sub_id = subscription or settings.subscription
    log = logging.getLogger("ledgersync")

    subscriber = pubsub_v1.SubscriberClient()
    path = subscriber.subscription_path(settings.project_id, sub_id)
    flow = pubsub_v1.types.FlowControl(
        max_messages=settings.max_messages, max_bytes=settings.flow_bytes
    )
    callback = functools.partial(handle, settings.ledger_api)

    log.info("ledger-sync %s starting, subscription=%s", __version__, path)
    with subscriber:
        future = subscriber.subscribe(path, callback=callback, flow_control=flow)
        log.info("listening for ledger entries on %s", path)
        future.result()
    log.info("ledger-sync finished")


@cli.command()
def version() -> None:
    click.echo(__version__)


if __name__ == "__main__":
    cli()
