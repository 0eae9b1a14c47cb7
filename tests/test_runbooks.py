"""Every finding code has a runbook with the five sections, and every runbook a code."""

from __future__ import annotations

import re

import pytest

from opsdoc import runbooks
from opsdoc.plugin import load_registry

SECTIONS = ["Symptoms", "Why it happens", "Confirm", "Fix", "Verify"]
CATALOG = (
    [f"T00{i}" for i in range(1, 6)]
    + [f"E00{i}" for i in range(1, 6)]
    + [f"M00{i}" for i in range(1, 6)]
    + [
        "Q001",
        "Q002",
        "Q003",
        "H001",
        "H002",
        "H003",
        "A001",
        "A002",
        "A003",
        "A004",
        "L001",
        "S001",
        "S002",
        "X001",
        "X002",
        "X003",
    ]
)


def test_runbooks_cover_the_catalog_exactly() -> None:
    assert runbooks.available() == sorted(CATALOG)


def test_every_registered_builtin_check_has_a_runbook() -> None:
    registry = load_registry()
    builtin = {c for c, s in registry.specs.items() if s.origin == "opsdoc"}
    assert builtin <= set(runbooks.available())


@pytest.mark.parametrize("code", CATALOG)
def test_runbook_has_the_sections_in_order(code: str) -> None:
    text = runbooks.read(code)
    assert text.startswith(f"# {code} ")
    outside_code = re.sub(r"```.*?```", "", text, flags=re.S)
    headings = re.findall(r"^## (.+)$", outside_code, flags=re.M)
    assert headings == SECTIONS


def test_unknown_code_raises_key_error() -> None:
    with pytest.raises(KeyError):
        runbooks.read("Q999")
