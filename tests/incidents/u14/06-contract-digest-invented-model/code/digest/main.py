"""Nightly: summarise contracts uploaded in the last day, write one digest file per contract."""

import datetime as dt
import logging
import pathlib
import sys

import anthropic

from . import __version__, settings, sources
from .summarise import summarise

log = logging.getLogger("digest")


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s", stream=sys.stdout)
    since = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=settings.LOOKBACK_HOURS)
    contracts = sources.new_contracts(settings.SOURCE_BUCKET, settings.SOURCE_DIR, since)
    log.info("contract-digest %s: %d new contracts since %s, model %s", __version__, len(contracts), since.isoformat(timespec="seconds"), settings.MODEL)
    client = anthropic.Anthropic()
    out = pathlib.Path(settings.DIGEST_DIR)
    out.mkdir(parents=True, exist_ok=True)
    for c in contracts:
        summary = summarise(client, c.key, c.text)
        (out / (pathlib.Path(c.key).stem + ".md")).write_text(summary)
        log.info("digested %s (%d chars)", c.key, len(summary))
    log.info("done: %d digests written", len(contracts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
