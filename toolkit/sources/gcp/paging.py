"""Bounded listing of a paged Google API collection, one call per page within a budget.

The client libraries' pagers fetch further pages with the first call's timeout,
which could run past the source's deadline; paging by hand gives every page the
time that is really left and stops at an item limit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from opsdoc.sources.gcp.common import Budget

MAX_PAGE = 1000


def list_bounded(
    method: Callable[..., Any],
    request: dict[str, Any],
    field: str,
    budget: Budget,
    limit: int,
    page_size: int = 100,
) -> list[Any]:
    """Up to ``limit`` items of the repeated ``field``, in the order the API returns them."""
    items: list[Any] = []
    token = ""
    while len(items) < limit:
        size = max(1, min(page_size, limit - len(items), MAX_PAGE))
        pager = method(request={**request, "page_size": size, "page_token": token}, **budget.call())
        # A pager exposes its first response's fields; reading them makes no further call.
        items.extend(list(getattr(pager, field))[: limit - len(items)])
        token = str(getattr(pager, "next_page_token", "") or "")
        if not token:
            break
    return items
