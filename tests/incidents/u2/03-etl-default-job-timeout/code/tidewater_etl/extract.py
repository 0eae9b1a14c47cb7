import csv
import gzip
import io
import logging

import requests

from . import conf

log = logging.getLogger(__name__)


def iter_feed_rows(partner: str, day: str):
    url = f"{conf.FEED_BASE_URL}/{partner}/{day}.csv.gz"
    with requests.get(url, stream=True, timeout=(10, 120)) as resp:
        resp.raise_for_status()
        raw = gzip.GzipFile(fileobj=resp.raw)
        reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))
        for row in reader:
            yield row
