from datetime import datetime, timezone
from decimal import Decimal
from uuid import uuid4

from pydantic import BaseModel, EmailStr, Field


class LineItem(BaseModel):
    sku: str
    quantity: int = Field(gt=0)
    unit_price: Decimal


class OrderIn(BaseModel):
    customer_email: EmailStr
    customer_name: str
    items: list[LineItem]
    shipping_address: str


class Order(OrderIn):
    id: str = Field(default_factory=lambda: uuid4().hex[:12])
    status: str = "confirmed"
    created_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))

    @property
    def total(self) -> Decimal:
        return sum((i.unit_price * i.quantity for i in self.items), Decimal("0"))
