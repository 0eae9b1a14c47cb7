"""SARIF 2.1.0, for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

Findings about a source line become physical locations so the dashboard can
annotate the code; findings about a cloud resource or queue have no file, so
they carry a logical location naming the resource. The finding id is the
partial fingerprint: it is what keeps an alert the same alert across runs.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote as uri_quote

from opsdoc.findings import Finding, Severity
from opsdoc.render._common import (
    is_internal,
    iso,
    path_line,
    runbook_command,
    sanitized,
    version,
)
from opsdoc.report import Report

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://pypi.org/project/opsdoc/"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "opsdocFindingId/v1"

_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
}

# Suppression reasons written by the inline-comment mechanism name the comment;
# anything else (config file, --ignore) lives outside the analysed source.
_IN_SOURCE_MARKERS = ("inline", "comment", "# opsdoc", "noqa")


def suppression_kind(reason: str) -> str:
    lowered = reason.lower()
    return "inSource" if any(m in lowered for m in _IN_SOURCE_MARKERS) else "external"


def _location(where: str, message: str = "", base: str = "") -> dict[str, Any]:
    loc: dict[str, Any]
    pl = path_line(where)
    if pl:
        path, line = pl
        path = f"{base.strip('/')}/{path}" if base else path
        loc = {
            "physicalLocation": {
                "artifactLocation": {"uri": uri_quote(path), "uriBaseId": SRCROOT},
                "region": {"startLine": line},
            }
        }
    else:
        loc = {
            "logicalLocations": [{"name": where, "fullyQualifiedName": where, "kind": "resource"}]
        }
    if message:
        loc["message"] = {"text": message}
    return loc


def _rule(code: str, findings: list[Finding]) -> dict[str, Any]:
    first = findings[0]
    hint = runbook_command(first)
    return {
        "id": code,
        "shortDescription": {"text": first.title},
        "help": {
            "text": f"Run `{hint}` for symptoms, confirmation, fix and verification steps.",
            "markdown": f"Run `{hint}` for symptoms, confirmation, fix and verification steps.",
        },
        "properties": {"origin": first.origin},
    }


def _message(f: Finding) -> str:
    text = f.summary or f.title
    if f.fix.text:
        text += f"\nFix: {f.fix.text}"
    return text


def _result(f: Finding, rule_index: int, base: str = "") -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[f.severity],
        "message": {"text": _message(f)},
        "locations": [_location(f.subject, base=base)],
        "partialFingerprints": {FINGERPRINT_KEY: f.id},
        "properties": {
            "id": f.id,
            "severity": f.severity.value,
            "confidence": f.confidence,
            "root_cause": f.root_cause,
            "explains": list(f.explains),
            "origin": f.origin,
            "fix": {"text": f.fix.text, "commands": list(f.fix.commands), "diff": f.fix.diff},
        },
    }
    if f.evidence:
        result["relatedLocations"] = [
            {"id": i, **_location(e.ref, f"{e.source}: {e.quote}", base)}
            for i, e in enumerate(f.evidence)
        ]
    if f.suppressed:
        result["suppressions"] = [
            {"kind": suppression_kind(f.suppressed), "justification": f.suppressed}
        ]
    return result


def as_dict(report: Report) -> dict[str, Any]:
    report = sanitized(report)
    by_code: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_code.setdefault(f.code, []).append(f)
    codes = sorted(by_code)
    index = {code: i for i, code in enumerate(codes)}
    opsdoc_version = version(report)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "opsdoc",
                        "version": opsdoc_version,
                        "semanticVersion": opsdoc_version,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(code, by_code[code]) for code in codes],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not any(
                            is_internal(f) for f in report.findings if not f.suppressed
                        ),
                        "exitCode": report.exit_code,
                    }
                ],
                "originalUriBaseIds": {
                    SRCROOT: {
                        "description": {
                            "text": "The repository root: result paths are relative to it."
                        }
                    }
                },
                "results": [_result(f, index[f.code], report.base) for f in report.findings],
                "properties": {
                    "as_of": iso(report.as_of),
                    "sources": [
                        {"name": s.name, "status": s.status, "records": s.records}
                        for s in report.sources
                    ],
                },
            }
        ],
    }


def render(report: Report, *, color: bool = False) -> str:
    return json.dumps(as_dict(report), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
