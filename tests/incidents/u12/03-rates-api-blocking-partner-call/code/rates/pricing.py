from decimal import ROUND_HALF_UP, Decimal

from . import settings


def with_margin(net: str | float) -> str:
    amount = Decimal(str(net)) * (Decimal(1) + Decimal(str(settings.MARGIN_PCT)) / 100)
    return str(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
