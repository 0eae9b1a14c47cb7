"""One diagnosis, from options to a ranked `Report`: shared by the CLI and the TUI.

Keeping this in one place means the terminal, the JSON file in CI and the TUI
can never disagree about what was found.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from opsdoc import __version__
from opsdoc.config import Config
from opsdoc.engine import RunResult, run
from opsdoc.evidence import Evidence
from opsdoc.findings import Finding, Severity
from opsdoc.registry import Registry, load_registry, select_specs
from opsdoc.report import (
    Observations,
    Report,
    collapse_repeats,
    dedupe,
    rank,
    resolve_links,
    timeline,
)
from opsdoc.selection import matches
from opsdoc.sources.base import Source


@dataclass
class Options:
    """What to diagnose and how; built from flags merged over the config file."""

    root: Path
    as_of: datetime
    config: Config
    evidence: list[str] = field(default_factory=list)
    offline: bool = False
    scan_code: bool = True
    anthropic_api_key: str = ""
    """Key for the Models API check of which model IDs exist now (never a completion call)."""


def build_sources(options: Options) -> list[Source]:
    """The sources this run needs; heavy clients are imported by the sources themselves."""
    sources: list[Source] = []
    if options.scan_code:
        from opsdoc.sources.code import CodeSource

        sources.append(CodeSource(str(options.root)))
    paths = [*(options.evidence or options.config.evidence), *options.config.status_files]
    if paths:
        from opsdoc.sources.exports import ExportsSource

        sources.append(ExportsSource(paths))
    if options.config.processes:
        from opsdoc.sources.processes import ProcessSource

        # Local and read-only: kept under --offline. Only on request, because a
        # post-mortem's status files may come from another host.
        sources.append(ProcessSource(match=options.config.processes))
    if options.offline:
        return sources
    config = options.config
    # Each live source must give up before the run's own deadline, with its own message.
    budget = max(1.0, min(20.0, config.timeout_s * 0.8))
    if config.redis:
        from opsdoc.sources.redis_rq import RedisSource

        sources.append(RedisSource(config.redis, timeout_s=budget))
    if config.gcp_project:
        from opsdoc.sources.gcp import gcp_sources

        sources.extend(
            gcp_sources(
                config.gcp_project,
                config.region,
                timeout_s=budget,
                subscriptions=config.subscriptions,
            )
        )
    if options.anthropic_api_key:
        from opsdoc.sources.anthropic_models import AnthropicModelsSource

        sources.append(
            AnthropicModelsSource(options.anthropic_api_key, timeout_s=min(budget, 10.0))
        )
    return sources


def _subject_path(subject: str) -> tuple[str, int] | None:
    path, sep, line = subject.rpartition(":")
    if sep and line.isdigit() and path:
        return path, int(line)
    return None


def apply_suppressions(
    findings: Sequence[Finding], evidence: Evidence, config: Config
) -> list[Finding]:
    """Mark findings suppressed by inline comments or per-file ignores; never drop them."""
    inline: dict[tuple[str, int], set[str]] = {}
    for site in evidence.code("suppression"):
        codes = {c.strip().upper() for c in site.attr("codes").split(",") if c.strip()}
        inline.setdefault((site.path, site.line), set()).update(codes or {"ALL"})
    out = []
    for f in findings:
        reason = ""
        where = _subject_path(f.subject)
        if where is not None and not f.code.startswith("X"):
            codes = inline.get(where, set())
            if codes and ("ALL" in codes or any(f.code.startswith(c) for c in codes)):
                reason = f"inline comment at {f.subject}"
            else:
                for glob, ignored in config.per_file_ignores.items():
                    if fnmatch.fnmatch(where[0], glob) and any(
                        f.code.startswith(c) for c in ignored
                    ):
                        reason = f"per-file-ignores {glob!r} in {config.source or 'config'}"
                        break
        out.append(replace(f, suppressed=reason) if reason else f)
    return out


_TEST_CODE = re.compile(
    r"(?:^|/)(?:tests?|testing)/|(?:^|/)(?:test_[^/]*|[^/]*_test|conftest)\.py$"
)


def demote_test_code(findings: Sequence[Finding]) -> list[Finding]:
    """Findings located in test code become info: tests wait, sleep and drop tasks on purpose,
    and an on-call engineer reading the report needs the production causes first."""
    out = []
    for f in findings:
        where = _subject_path(f.subject)
        if where is not None and _TEST_CODE.search(where[0]) and not f.code.startswith("X"):
            f = replace(
                f,
                severity=Severity.INFO,
                confidence=round(f.confidence * 0.5, 2),
                summary=f"{f.summary} (in test code)",
                root_cause=False,
                explains=(),
            )
        out.append(f)
    return out


def apply_overrides(findings: Sequence[Finding], overrides: dict[str, Severity]) -> list[Finding]:
    return [replace(f, severity=overrides[f.code]) if f.code in overrides else f for f in findings]


def plugin_problems(registry: Registry) -> list[Finding]:
    from opsdoc.engine import x002

    return [
        x002(p.plugin, f"check plugin {p.plugin} could not be loaded", p.reason)
        for p in registry.problems
    ]


def finish(result: RunResult, registry: Registry, config: Config) -> Report:
    """Turn raw findings into the ranked report."""
    findings = result.findings + plugin_problems(registry)
    # X findings are always reported (they say what the diagnosis could not see),
    # unless the user explicitly ignores them.
    findings = [
        f for f in findings if not (f.code.startswith("X") and matches(f.code, config.ignore))
    ]
    findings = apply_overrides(demote_test_code(findings), config.severity_overrides)
    findings = apply_suppressions(findings, result.evidence, config)
    observations = Observations.of(result.evidence)
    findings = rank(resolve_links(collapse_repeats(dedupe(findings))), observations)
    return Report(
        as_of=result.evidence.as_of,
        findings=findings,
        sources=sorted(result.statuses, key=lambda s: s.name),
        timeline=timeline(result.evidence),
        seconds=result.seconds,
        fail_on=config.fail_on,
        version=__version__,
        observed=dict(sorted(observations.counts.items())),
    )


def diagnose(options: Options, sources: Sequence[Source] | None = None) -> Report:
    """Run a whole diagnosis and return the ranked report."""
    config = options.config
    registry = load_registry(blocked=config.disable_plugins)
    specs = select_specs(registry, config.select, config.ignore)
    result = run(
        build_sources(options) if sources is None else sources,
        specs,
        as_of=options.as_of,
        root=os.fspath(options.root),
        timeout_s=config.timeout_s,
        settings=config.settings(),
    )
    return finish(result, registry, config)
