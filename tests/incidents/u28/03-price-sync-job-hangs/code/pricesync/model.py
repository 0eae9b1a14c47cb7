import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation


class InvalidUpdate(ValueError):
    pass


@dataclass(frozen=True)
class PriceUpdate:
    supplier_id: str
    sku: str
    cost: Decimal
    currency: str
    effective_at: datetime

    @classmethod
    def from_message(cls, data: bytes) -> "PriceUpdate":
        try:
            raw = json.loads(data)
            cost = Decimal(str(raw["cost"]))
            effective_at = datetime.fromisoformat(raw["effective_at"])
        except (ValueError, KeyError, TypeError, InvalidOperation) as e:
            raise InvalidUpdate(str(e)) from e
        if cost < 0:
            raise InvalidUpdate(f"negative cost {cost}")
        currency = str(raw.get("currency", "USD")).upper()
        if len(currency) != 3:
            raise InvalidUpdate(f"bad currency {currency!r}")
        return cls(str(raw["supplier_id"]), str(raw["sku"]), cost, currency, effective_at)
