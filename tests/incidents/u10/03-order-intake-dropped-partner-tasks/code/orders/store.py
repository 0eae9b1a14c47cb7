"""In-process order bookkeeping (the orders themselves are persisted by the API gateway)."""

from __future__ import annotations

import asyncio
import time
import weakref
from dataclasses import dataclass, field


@dataclass(eq=False)
class PendingOrder:
    order_id: str
    store_id: str
    slot: str
    lines: list[dict]
    accepted_at: float = field(default_factory=time.time)
    settled: asyncio.Event = field(default_factory=asyncio.Event)
    capture_ref: str | None = None
    voided: bool = False


class PendingOrders:
    """Orders waiting for their payment capture.

    Weak values: once an order has been handed to the partner nobody needs it any more,
    and we do not want a dict that grows for the life of the pod.
    """

    def __init__(self) -> None:
        self._by_id: weakref.WeakValueDictionary[str, PendingOrder] = weakref.WeakValueDictionary()

    def add(self, order: PendingOrder) -> None:
        self._by_id[order.order_id] = order

    def get(self, order_id: str) -> PendingOrder | None:
        return self._by_id.get(order_id)

    def __len__(self) -> int:
        return len(self._by_id)
