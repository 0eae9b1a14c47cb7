import logging
import sys
from datetime import datetime, timedelta, timezone

import click

from . import __version__
from .hubspot import HubSpotClient
from .settings import load_settings
from .warehouse import Warehouse, to_row

log = logging.getLogger("crmsync")


@click.group()
@click.option("--log-level", default="INFO", show_default=True)
@click.version_option(__version__)
def cli(log_level: str) -> None:
    logging.basicConfig(
        level=log_level.upper(),
        stream=sys.stdout,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


@cli.command()
@click.option("--since", type=click.DateTime(), default=None,
              help="Sync contacts modified after this time (UTC). Defaults to the lookback window.")
@click.option("--dry-run", is_flag=True)
def sync(since: datetime | None, dry_run: bool) -> None:
    """Pull recently modified contacts from HubSpot and load them into BigQuery."""
    settings = load_settings()
    if since is None:
        since = datetime.now(timezone.utc) - timedelta(hours=settings.lookback_hours)
    elif since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)

    log.info("crm-sync %s starting: contacts modified since %s", __version__, since.isoformat())
    hubspot = HubSpotClient(settings.hubspot_token, settings.hubspot_base_url, settings.page_size)
    try:
        rows = (to_row(c) for c in hubspot.modified_since(since))
        if dry_run:
            n = sum(1 for _ in rows)
            log.info("dry run: %d contacts would be loaded", n)
            return
        wh = Warehouse(settings.bq_project, settings.bq_dataset)
        n = wh.load(rows)
        wh.merge()
        log.info("sync complete: %d contacts loaded and merged", n)
    finally:
        hubspot.close()


@cli.command()
def check() -> None:
    """Verify configuration and credentials without syncing."""
    settings = load_settings()
    hubspot = HubSpotClient(settings.hubspot_token, settings.hubspot_base_url, 1)
    try:
        next(hubspot.modified_since(datetime.now(timezone.utc) - timedelta(minutes=5)), None)
        click.echo("ok")
    finally:
        hubspot.close()


if __name__ == "__main__":
    cli()
