"""Findings about opsdoc's own inputs and checks (X codes).

The engine emits these itself; they are declared here so that they are
documented, listed by ``opsdoc checks`` and have runbooks like every other code.
"""

from __future__ import annotations

from collections.abc import Iterator

from opsdoc.evidence import Evidence
from opsdoc.findings import Hit, Severity
from opsdoc.plugin import check

X001_TITLE = "A source could not be read"
X002_TITLE = "A check crashed or timed out"


@check("X001", X001_TITLE, severity=Severity.ERROR, engine_emitted=True)
def source_unreadable(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Reports an input opsdoc could not use: an unreachable host, a permission
    error, an export that is malformed, truncated, binary or has an enormous line.

    ## Why is this bad?
    A diagnosis is only as good as its evidence. A missing source can hide the
    root cause, so opsdoc says exactly what it could not read instead of staying
    silent. Data read before the problem (e.g. entries before a truncation) is kept.

    ## Example
    `exports/logs.json: truncated JSON after entry 412 (unterminated list)`.

    ## Fix safety
    No automatic fix. Re-export the file, grant the missing permission, or pass
    the right URL; the runbook lists the usual causes per source.

    ## References
    SPEC §5 (offline evidence), §9 (bad input guarantees).
    """
    return iter(())


@check("X002", X002_TITLE, severity=Severity.ERROR, engine_emitted=True)
def check_failed(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Reports a check that raised an exception or did not finish within its deadline.

    ## Why is this bad?
    The other checks still ran, but the failed one may have been the one that
    explains the incident. It is a bug in the check (or its plugin), and the
    finding carries the traceback to report it.

    ## Example
    `check T002 crashed: KeyError: 'latency'`.

    ## Fix safety
    No automatic fix. Upgrade or disable the plugin (`--ignore CODE`), and report the traceback.

    ## References
    SPEC §3 (checks are plugins, each under a deadline).
    """
    return iter(())
