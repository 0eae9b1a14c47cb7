"""Ruff-style code selection, shared by the registry and ``opsdoc checks``."""

from __future__ import annotations

from collections.abc import Iterable


def matches(code: str, patterns: Iterable[str]) -> bool:
    """A pattern is a full code or a prefix (``T``, ``T00``), or ``ALL``."""
    for pattern in patterns:
        p = pattern.strip().upper()
        if p == "ALL" or (p and code.startswith(p)):
            return True
    return False
