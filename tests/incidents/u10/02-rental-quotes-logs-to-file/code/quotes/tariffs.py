"""Day-rate tables per station and the quote arithmetic."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

log = logging.getLogger("quotes.tariffs")

BOOKS = Path(__file__).parent / "books"


@dataclass(frozen=True)
class Quote:
    station: str
    bike_class: str
    days: int
    base: Decimal
    one_way_fee: Decimal
    total: Decimal


@lru_cache(maxsize=4)
def load_book(name: str) -> dict:
    with open(BOOKS / f"{name}.json") as fh:
        book = json.load(fh)
    log.info("loaded tariff book %s: %d stations", name, len(book["stations"]))
    return book


def _season_factor(book: dict, start: date) -> Decimal:
    for season in book["seasons"]:
        if season["from"] <= start.isoformat() <= season["to"]:
            return Decimal(season["factor"])
    return Decimal("1.00")


def price(book_name: str, pickup: str, dropoff: str, bike_class: str, start: date, days: int) -> Quote:
    book = load_book(book_name)
    station = book["stations"][pickup]
    day_rate = Decimal(station["rates"][bike_class])
    base = day_rate * days * _season_factor(book, start)
    fee = Decimal("0")
    if dropoff != pickup:
        fee = Decimal(book["one_way"][station["zone"]][book["stations"][dropoff]["zone"]])
    total = (base + fee).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Quote(pickup, bike_class, days, base.quantize(Decimal("0.01")), fee, total)
