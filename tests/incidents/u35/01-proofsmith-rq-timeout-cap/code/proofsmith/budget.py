"""How long a render job may run.

Catalogue proofs range from a 4-page flyer to a 600-page trade catalogue, so a
single queue-wide timeout is wrong both ways. Each job gets its own budget.
"""
from __future__ import annotations

from .settings import Settings, get_settings


def budget_for(pages: int, settings: Settings | None = None) -> int:
    """Seconds a render of `pages` pages is allowed to take (setup + per page, capped)."""
    s = settings or get_settings()
    if pages <= 0:
        raise ValueError("pages must be positive")
    wanted = s.setup_seconds + pages * s.seconds_per_page
    return min(wanted, s.max_job_seconds)


def describe(pages: int, settings: Settings | None = None) -> str:
    s = settings or get_settings()
    b = budget_for(pages, s)
    capped = " (capped)" if b == s.max_job_seconds else ""
    return f"{pages} pages -> {b}s{capped}"
