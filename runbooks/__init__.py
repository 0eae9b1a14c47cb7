"""Runbooks: one Markdown file per finding code, shipped as package data."""

from __future__ import annotations

from importlib.resources import files


def available() -> list[str]:
    """Codes that have a runbook, sorted."""
    return sorted(
        p.name[:-3]
        for p in files(__name__).iterdir()
        if p.name.endswith(".md") and p.name[0].isupper()
    )


def read(code: str) -> str:
    """The runbook of ``code``; raises KeyError when there is none."""
    name = f"{code.upper()}.md"
    path = files(__name__).joinpath(name)
    if not path.is_file():
        raise KeyError(code)
    return path.read_text(encoding="utf-8")
