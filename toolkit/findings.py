"""Findings: what a check concludes, in the shape every renderer understands."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from opsdoc.redact import redact


class Severity(StrEnum):
    """How bad a finding is. Ordered: ``critical`` is the worst."""

    CRITICAL = "critical"
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for critical ... 3 for info: sort key, lower is worse."""
        return _RANK[self]

    def at_least(self, other: Severity) -> bool:
        return self.rank <= other.rank

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {text!r} (expected one of {names})") from None


_RANK = {Severity.CRITICAL: 0, Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 3}


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """One piece of evidence quoted by a finding."""

    source: str
    """Source name (``code``, ``exports``, ``redis``...)."""
    ref: str
    """Where to look: ``path:line``, ``file#index`` or an API resource name."""
    quote: str
    """The relevant text, shortened and with secrets redacted."""


@dataclass(frozen=True, slots=True)
class Fix:
    """How to make the finding go away."""

    text: str = ""
    """Prose: what to change and why."""
    commands: tuple[str, ...] = ()
    """Shell commands that apply or verify the fix."""
    diff: str = ""
    """A unified diff, when the fix is a code change opsdoc can spell out."""


@dataclass(frozen=True, slots=True)
class Hit:
    """What a check yields: the engine stamps code, title, severity and runbook on it."""

    subject: str
    """Resource name or ``path:line`` the finding is about (part of its id)."""
    summary: str
    evidence: tuple[EvidenceItem, ...] = ()
    fix: Fix = Fix()
    confidence: float = 0.8
    severity: Severity | None = None
    """Overrides the check's default severity for this hit (e.g. escalate with more proof)."""
    root_cause: bool | None = None
    """Overrides the check's default role."""
    explains: tuple[str, ...] = ()
    """Finding ids (``CODE:subject``) this hit explains; ``CODE:*`` explains every finding of a code."""


@dataclass(frozen=True, slots=True)
class Finding:
    """A stamped, reportable finding."""

    code: str
    title: str
    severity: Severity
    subject: str
    summary: str
    evidence: tuple[EvidenceItem, ...] = ()
    fix: Fix = Fix()
    runbook: str = ""
    confidence: float = 0.8
    root_cause: bool = False
    explains: tuple[str, ...] = ()
    """Ids of the symptom findings this one causes (resolved by the report)."""
    suppressed: str = ""
    """Why the finding is suppressed (inline comment or config), empty when active."""
    origin: str = "opsdoc"
    """Distribution that supplied the check."""
    part: str = ""
    """Report part, set by ranking: ``incident`` (the evidence shows it happening, or it
    explains something that does), ``risk`` (code or config only) or ``opsdoc`` (X codes)."""

    @property
    def id(self) -> str:
        return f"{self.code}:{self.subject}"


@dataclass
class SourceStatus:
    """How one source fared, for the sources summary."""

    name: str
    status: str
    """``ok``, ``skipped`` or ``failed``."""
    records: int = 0
    seconds: float = 0.0
    detail: str = ""
    skipped_inputs: list[str] = field(default_factory=list)
    """Inputs the source looked at and did not recognise."""


_REDACT_MARGIN = 4096


def quote(source: str, ref: str, text: str, width: int = 240) -> EvidenceItem:
    """An evidence item with its text on one line, shortened and redacted."""
    if len(text) > width + _REDACT_MARGIN:
        # Only what can be shown is redacted (a 20 MB worker name must not cost a
        # minute); the margin lets a secret cut by the limit still be recognised.
        text = text[: width + _REDACT_MARGIN]
    flat = redact(" ".join(text.split()))
    if len(flat) > width:
        cut = flat[: width - 1]
        space = cut.rfind(" ")
        if space >= width * 2 // 3:  # end at a word, unless that loses too much
            cut = cut[:space]
        flat = cut.rstrip() + "…"
    return EvidenceItem(source=source, ref=ref, quote=flat)
