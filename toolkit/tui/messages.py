"""Messages from the diagnosis worker to the UI.

Workers only post these (``post_message`` is thread-safe); handlers on the UI
thread turn them into state. Each carries the ``run`` it belongs to, so that
news from a run the user has already replaced with ``r`` is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from opsdoc.findings import Finding, SourceStatus
from opsdoc.tui.pipeline import Outcome


@dataclass
class RunStarted(Message):
    run: int
    sources: list[str]


@dataclass
class SourceStarted(Message):
    run: int
    name: str


@dataclass
class SourceFinished(Message):
    run: int
    name: str
    records: int
    seconds: float
    error: str


@dataclass
class SourcesDone(Message):
    """The engine's verdict on every source, including those abandoned at their deadline."""

    run: int
    statuses: list[SourceStatus]


@dataclass
class CheckFinished(Message):
    """One check's findings, before ranking: shown while the other checks run."""

    run: int
    code: str
    findings: list[Finding]


@dataclass
class ReportReady(Message):
    run: int
    outcome: Outcome


@dataclass
class RunFailed(Message):
    """A bug in opsdoc itself (the engine reports every input problem as a finding)."""

    run: int
    error: str


@dataclass
class FileWritten(Message):
    path: str
    error: str


@dataclass
class SmokeDone(Message):
    exit_code: int
    output: str
