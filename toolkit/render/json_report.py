"""The machine-readable report (SPEC section 10).

Scripts and CI parse this, so its shape is a contract: ``schema`` is bumped
only for incompatible changes, keys are only ever added, and the output is
byte-for-byte stable for the same report (sorted keys, fixed indent).
"""

from __future__ import annotations

import json
from typing import Any

from opsdoc.findings import Finding, SourceStatus
from opsdoc.render._common import iso, sanitized, version
from opsdoc.report import Report, TimelineEvent

SCHEMA = 1


def _source(s: SourceStatus) -> dict[str, Any]:
    return {
        "name": s.name,
        "status": s.status,
        "records": s.records,
        "seconds": s.seconds,
        "detail": s.detail,
        "skipped": list(s.skipped_inputs),
    }


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "id": f.id,
        "code": f.code,
        "title": f.title,
        "severity": f.severity.value,
        "subject": f.subject,
        "summary": f.summary,
        "root_cause": f.root_cause,
        "explains": list(f.explains),
        "confidence": f.confidence,
        "evidence": [{"source": e.source, "ref": e.ref, "quote": e.quote} for e in f.evidence],
        "fix": {"text": f.fix.text, "commands": list(f.fix.commands), "diff": f.fix.diff},
        "runbook": f.runbook or f.code,
        "suppressed": f.suppressed,
        "origin": f.origin,
        "part": f.part,
    }


def _event(e: TimelineEvent) -> dict[str, Any]:
    return {
        "at": iso(e.at),
        "source": e.source,
        "ref": e.ref,
        "kind": e.kind,
        "text": e.text,
        "severity": e.severity,
    }


def as_dict(report: Report) -> dict[str, Any]:
    """The report as plain data, for callers that embed it rather than print it."""
    report = sanitized(report)
    summary: dict[str, Any] = dict(report.counts())
    summary["suppressed"] = sum(1 for f in report.findings if f.suppressed)
    summary["fail_on"] = report.fail_on.value
    return {
        "schema": SCHEMA,
        "opsdoc": version(report),
        "as_of": iso(report.as_of),
        "exit_code": report.exit_code,
        "seconds": report.seconds,
        "sources": [_source(s) for s in report.sources],
        "findings": [_finding(f) for f in report.findings],
        "summary": summary,
        "timeline": [_event(e) for e in report.timeline],
        "observed": dict(report.observed),
        "checks": [
            {
                "code": c.code,
                "title": c.title,
                "status": c.status,
                "missing": list(c.missing),
                "findings": c.findings,
            }
            for c in report.checks
        ],
        "notes": list(report.notes),
        "warnings": list(report.warnings),
    }


def render(report: Report, *, color: bool = False) -> str:
    return json.dumps(as_dict(report), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
