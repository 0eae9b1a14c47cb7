import json
from decimal import Decimal

import pytest

from pricesync.model import InvalidUpdate, PriceUpdate


def msg(**kw):
    base = {"supplier_id": "SUP-0192", "sku": "HX-44821", "cost": "12.40", "currency": "usd",
            "effective_at": "2026-12-02T00:00:00+00:00"}
    base.update(kw)
    return json.dumps(base).encode()


def test_parses_update():
    u = PriceUpdate.from_message(msg())
    assert u.cost == Decimal("12.40")
    assert u.currency == "USD"


@pytest.mark.parametrize("bad", [{"cost": "-1"}, {"cost": "abc"}, {"currency": "EURO"}, {"effective_at": "yesterday"}])
def test_rejects_bad_updates(bad):
    with pytest.raises(InvalidUpdate):
        PriceUpdate.from_message(msg(**bad))


def test_rejects_non_json():
    with pytest.raises(InvalidUpdate):
        PriceUpdate.from_message(b"SUP-0192,HX-44821,12.40")
