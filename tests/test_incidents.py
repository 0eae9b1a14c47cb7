"""The incident corpus: every case diagnosed as a user would, root cause first.

The cases were written from one-paragraph stories by people who never read
``checks/`` or the toolkit, with evidence produced by running the real software;
see ``tests/incident_corpus.py`` for what passing means.
"""

from __future__ import annotations

import pytest
from incident_corpus import Case, Outcome, cases, run_all

CASES = cases()


def test_the_corpus_is_big_enough_to_mean_something() -> None:
    incidents = [c for c in CASES if c.kind != "control"]
    controls = [c for c in CASES if c.kind == "control"]
    assert len(incidents) >= 25 and len(controls) >= 6


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    """Every case diagnosed once, two at a time (each is its own opsdoc process)."""
    return {o.case.name: o for o in run_all(CASES, jobs=2)}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case.name]
    assert outcome.passed, outcome.explain()
