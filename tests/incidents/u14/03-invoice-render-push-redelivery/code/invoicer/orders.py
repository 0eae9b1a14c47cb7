from dataclasses import dataclass

import httpx

from . import settings


@dataclass
class Line:
    sku: str
    title: str
    qty: int
    unit_pence: int
    image: str


@dataclass
class Order:
    number: str
    customer_name: str
    customer_email: str
    address: list[str]
    lines: list[Line]
    delivery_pence: int

    @property
    def total_pence(self) -> int:
        return sum(l.qty * l.unit_pence for l in self.lines) + self.delivery_pence


def fetch(order_number: str) -> Order:
    r = httpx.get(f"{settings.ORDERS_API}/orders/{order_number}", timeout=10)
    r.raise_for_status()
    d = r.json()
    return Order(
        number=d["number"],
        customer_name=d["customer"]["name"],
        customer_email=d["customer"]["email"],
        address=d["customer"]["address"],
        lines=[Line(**l) for l in d["lines"]],
        delivery_pence=d.get("delivery_pence", 0),
    )
