"""Figures for a report, pulled from the ledger export the web app attaches."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any, Iterable


def monthly_figures(entries: Iterable[dict[str, Any]]) -> dict[str, Any]:
    income = Decimal("0")
    expenses = Decimal("0")
    by_category: dict[str, Decimal] = defaultdict(Decimal)
    count = 0
    for entry in entries:
        amount = Decimal(str(entry["amount"]))
        count += 1
        if amount >= 0:
            income += amount
        else:
            expenses += -amount
            by_category[entry.get("category") or "uncategorised"] += -amount
    top = sorted(by_category.items(), key=lambda kv: kv[1], reverse=True)[:8]
    return {
        "entries": count,
        "income": str(income),
        "expenses": str(expenses),
        "net": str(income - expenses),
        "top_expense_categories": {k: str(v) for k, v in top},
    }
