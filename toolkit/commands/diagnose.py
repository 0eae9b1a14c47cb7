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
from datetime import datetime, timedelta
from pathlib import Path

from opsdoc import __version__
from opsdoc.config import Config
from opsdoc.engine import RunResult, run
from opsdoc.evidence import Evidence, Execution, LogRecord, LogSummary, WorkerBeat
from opsdoc.findings import Finding, Severity
from opsdoc.models.extract import LIVE_API_TEST
from opsdoc.plugin import CheckSpec, Registry, load_registry, select_specs
from opsdoc.report import (
    CheckStatus,
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
from opsdoc.sources.code.facts import TEST_SUPPORT


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
    only: list[str] = field(default_factory=list)
    """Files or directories under `root` to scan (``diagnose PATH...``); empty: all of it."""
    as_of_given: bool = True
    """False when `as_of` is just "now": old offline evidence then moves it (`reference_time`)."""
    started: float | None = None
    """When the ``--timeout`` clock started (`time.monotonic`): the process's start for
    the CLI, whose start-up counts too; None: when the run starts."""


def build_sources(options: Options) -> list[Source]:
    """The sources this run needs; heavy clients are imported by the sources themselves."""
    sources: list[Source] = []
    if options.scan_code:
        from opsdoc.sources.code import CodeSource

        sources.append(
            CodeSource(
                str(options.root),
                timeout_s=options.config.timeout_s,
                only=options.only,
                exclude=[*options.config.exclude, *options.config.extend_exclude],
            )
        )
    paths = [*(options.evidence or options.config.evidence), *options.config.status_files]
    if paths:
        from opsdoc.sources.exports import ExportsSource

        sources.append(ExportsSource(paths))
    if options.config.processes:
        from opsdoc.sources.processes import ProcessSource

        # Local and read-only: kept under --offline. Only on request, because a
        # post-mortem's status files may come from another host.
        # A number names a pid: rq (with setproctitle installed) rewrites its workers'
        # command lines, so a pid from a status file is the reliable handle.
        wanted = options.config.processes
        pids = [int(p) for p in wanted if p.strip().isdigit()]
        patterns = [p for p in wanted if not p.strip().isdigit()]
        sources.append(ProcessSource(match=patterns, pids=pids))
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
    findings: Sequence[Finding],
    evidence: Evidence,
    config: Config,
    warnings: list[str] | None = None,
    known: Sequence[str] = (),
    ran: Sequence[str] = (),
) -> list[Finding]:
    """Mark findings suppressed by inline comments or per-file ignores; never drop them.

    With ``warnings``, as ruff's RUF100: a comment naming an unknown code (``known``) is
    reported, and so is one that suppressed nothing although every check it names ran.
    """
    inline: dict[tuple[str, int], set[str]] = {}
    foreign: set[tuple[str, int]] = set()
    for site in evidence.code("suppression"):
        codes = {c.strip().upper() for c in site.attr("codes").split(",") if c.strip()}
        inline.setdefault((site.path, site.line), set()).update(codes or {"ALL"})
        if site.attr("foreign") == "true":
            foreign.add((site.path, site.line))
    used: set[tuple[str, int]] = set()
    out = []
    for f in findings:
        reason = ""
        where = _subject_path(f.subject)
        if where is not None and not f.code.startswith("X"):
            codes = inline.get(where, set())
            if codes and ("ALL" in codes or any(f.code.startswith(c) for c in codes)):
                reason = f"inline comment at {f.subject}"
                used.add(where)
            else:
                for glob, ignored in config.per_file_ignores.items():
                    if fnmatch.fnmatch(where[0], glob) and any(
                        f.code.startswith(c) for c in ignored
                    ):
                        reason = f"per-file-ignores {glob!r} in {config.source or 'config'}"
                        break
        out.append(replace(f, suppressed=reason) if reason else f)
    if warnings is not None:
        for (path, line), codes in sorted(inline.items()):
            named = sorted(codes - {"ALL"})
            unknown = [c for c in named if known and not any(k.startswith(c) for k in known)]
            if unknown:
                warnings.append(
                    f"{path}:{line}: unknown code {', '.join(unknown)} in `# opsdoc: ignore` "
                    "(run `opsdoc checks` to list them)"
                )
            elif (path, line) not in used and (path, line) not in foreign:
                checked = "ALL" in codes or all(any(r.startswith(c) for r in ran) for c in named)
                if checked:
                    what = f"[{','.join(named)}]" if named else ""
                    warnings.append(
                        f"{path}:{line}: unused suppression `# opsdoc: ignore{what}`: "
                        "no finding on this line to suppress"
                    )
    return out


_HUNK = re.compile(r"^@@ -(\d+)(?:,1)? \+(\d+)(?:,1)? @@")


def with_context(diff: str, root: Path) -> str:
    """A check's one-line, context-free diff (checks do no I/O) made into a diff that
    ``git apply`` and ``patch`` accept: three lines of context read from the file under
    ``root``, and the missing-newline marker. Unchanged when the file does not match."""
    from opsdoc.commands.fix import unified_diff

    lines = diff.splitlines()
    if len(lines) < 5 or not lines[0].startswith("--- a/") or not lines[1].startswith("+++ b/"):
        return diff
    path = lines[0][6:]
    edits: dict[int, tuple[str, str]] = {}
    i = 2
    while i < len(lines):
        m = _HUNK.match(lines[i])
        if m is None or i + 2 >= len(lines):
            return diff
        old, new = lines[i + 1], lines[i + 2]
        if not (old.startswith("-") and new.startswith("+")):
            return diff
        edits[int(m.group(1))] = (old[1:], new[1:])
        i += 3
    target = root / path
    try:
        if not target.resolve().is_relative_to(root.resolve()):
            return diff
        text = target.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return diff
    before = text.splitlines(keepends=True)
    after = list(before)
    for number, (old, new) in edits.items():
        if not 0 < number <= len(before) or before[number - 1].rstrip("\r\n") != old:
            return diff
        ending = before[number - 1][len(old) :]
        after[number - 1] = new + ending
    return unified_diff(before, after, path)


def complete_diffs(findings: Sequence[Finding], root: Path) -> list[Finding]:
    return [
        replace(f, fix=replace(f.fix, diff=with_context(f.fix.diff, root))) if f.fix.diff else f
        for f in findings
    ]


def merge_repeated_x001(findings: Sequence[Finding]) -> list[Finding]:
    """X001s that give one reason for several sources (no Google credentials for four
    Google APIs) become one finding naming them all: the reader fixes one thing."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.code == "X001" and f.summary.startswith(f.subject + ": "):
            key = (f.severity.value, f.summary[len(f.subject) + 2 :])
            groups.setdefault(key, []).append(f)
    out = []
    done: set[tuple[str, str]] = set()
    for f in findings:
        reason = f.summary[len(f.subject) + 2 :] if f.code == "X001" else ""
        key = (f.severity.value, reason)
        group = groups.get(key) if reason else None
        if group is None or len(group) < 2:
            out.append(f)
            continue
        if key in done:
            continue
        done.add(key)
        subjects = ", ".join(g.subject for g in group)
        out.append(
            replace(
                group[0],
                subject=subjects,
                summary=f"{len(group)} sources ({subjects}): {reason}",
                evidence=(
                    *group[0].evidence[:1],
                    *(
                        replace(g.evidence[0], quote="the same reason")
                        for g in group[1:]
                        if g.evidence
                    ),
                ),
            )
        )
    return out


_TEST_CODE = re.compile(
    r"(?:^|/)(?:tests?|testing|tests?[_-][\w-]+|[\w-]+[_-]tests?)/"
    r"|(?:^|/)(?:test_[^/]*|[^/]*_test|conftest)\.py$"
)
"""Test folders (``tests/``, ``tests_integ/``, ``integration-tests/``) and test modules."""


LIVE_TEST_CODES = ("M001", "M003")
"""Model IDs that 404 (retired, never existed): in a test that calls the live API they
fail the test run, so they stay warnings there."""


def demote_test_code(
    findings: Sequence[Finding], evidence: Evidence | None = None
) -> list[Finding]:
    """Findings located in test code become info: tests wait, sleep and drop tasks on purpose,
    and an on-call engineer reading the report needs the production causes first.

    Except a model ID that 404s in a test module that sends real requests (it reads the
    API key from the environment and replays no cassette): that breaks the test suite,
    as a retired Sonnet 4 did in browser-use's CI, so it is a warning."""
    live = {s.path for s in evidence.code(LIVE_API_TEST)} if evidence is not None else set()
    support = {s.path for s in evidence.code(TEST_SUPPORT)} if evidence is not None else set()
    out = []
    for f in findings:
        where = _subject_path(f.subject)
        if where is not None and where[0] in live and f.code in LIVE_TEST_CODES:
            f = replace(
                f,
                severity=Severity.WARNING
                if f.severity.rank < Severity.WARNING.rank
                else f.severity,
                summary=f"{f.summary} (in a test that calls the live API: the test run fails)",
                root_cause=False,
                explains=(),
            )
        elif (
            where is not None
            and (_TEST_CODE.search(where[0]) or where[0] in support)
            and not f.code.startswith("X")
        ):
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


def check_statuses(
    specs: Sequence[CheckSpec], result: RunResult, findings: Sequence[Finding]
) -> list[CheckStatus]:
    """For each selected check: ran, skipped (naming the evidence it lacked) or failed."""
    kinds = result.evidence.kinds()
    failed = {f.subject.removeprefix("check ") for f in findings if f.code == "X002"}
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    out = []
    for spec in specs:
        if spec.engine_emitted:
            continue
        if spec.code in failed:
            out.append(CheckStatus(spec.code, spec.title, "failed"))
        elif spec.code in result.checks_run:
            out.append(CheckStatus(spec.code, spec.title, "ran", findings=counts.get(spec.code, 0)))
        else:
            missing = sorted(k.__name__ for k in spec.needs - kinds)
            if spec.any_of and not spec.any_of & kinds:
                missing.append("any of " + "/".join(sorted(k.__name__ for k in spec.any_of)))
            out.append(CheckStatus(spec.code, spec.title, "skipped", tuple(missing)))
    return out


def finish(
    result: RunResult,
    registry: Registry,
    config: Config,
    specs: Sequence[CheckSpec] | None = None,
    notes: Sequence[str] = (),
) -> Report:
    """Turn raw findings into the ranked report."""
    findings = result.findings + plugin_problems(registry)
    chosen = list(specs) if specs is not None else []
    checks = check_statuses(chosen, result, findings)
    # X findings are always reported (they say what the diagnosis could not see),
    # unless the user explicitly ignores them (the exit code still says so).
    findings = [
        f for f in findings if not (f.code.startswith("X") and matches(f.code, config.ignore))
    ]
    findings = merge_repeated_x001(findings)
    findings = apply_overrides(
        demote_test_code(findings, result.evidence), config.severity_overrides
    )
    warnings: list[str] = []
    findings = apply_suppressions(
        findings,
        result.evidence,
        config,
        warnings,
        known=list(registry.specs),
        ran=result.checks_run,
    )
    observations = Observations.of(result.evidence)
    findings = rank(resolve_links(collapse_repeats(dedupe(findings))), observations)
    return Report(
        checks=checks,
        notes=list(notes),
        warnings=warnings,
        as_of=result.evidence.as_of,
        findings=findings,
        sources=sorted(result.statuses, key=lambda s: s.name),
        timeline=timeline(result.evidence),
        seconds=result.seconds,
        fail_on=config.fail_on,
        version=__version__,
        observed=dict(sorted(observations.counts.items())),
    )


OLD_EVIDENCE = timedelta(days=1)
"""Evidence that ends this long before now is a post-mortem: ages count from its end."""
_OFFLINE_SOURCES = frozenset({"code", "exports", "anthropic-models"})


def newest_timestamp(evidence: Evidence) -> datetime | None:
    """The latest instant the evidence records (executions, log lines, heartbeats)."""
    times: list[datetime] = []
    for ex in evidence.of(Execution):
        times += [t for t in (ex.start_time, ex.completion_time) if t is not None]
    times += [r.timestamp for r in evidence.of(LogRecord) if r.timestamp is not None]
    times += [s.last for s in evidence.of(LogSummary) if s.last is not None]
    times += [b.at for b in evidence.of(WorkerBeat) if b.at is not None]
    return max(times) if times else None


def reference_time(options: Options, sources: Sequence[Source], notes: list[str]):  # type: ignore[no-untyped-def]
    """The ``prepare`` hook that moves `as_of` to the end of old offline evidence.

    A post-mortem on last month's exports otherwise reads "heartbeat 43,000 min old".
    Only when no ``--as-of`` was given and every source is offline (a live source
    speaks of now), and only when the evidence ends over `OLD_EVIDENCE` ago.
    """

    def prepare(evidence: Evidence) -> None:
        if options.as_of_given or any(s.name not in _OFFLINE_SOURCES for s in sources):
            return
        newest = newest_timestamp(evidence)
        if newest is None or evidence.as_of - newest <= OLD_EVIDENCE:
            return
        evidence.as_of = newest
        notes.append(
            f"as of {newest.strftime('%Y-%m-%dT%H:%M:%SZ')}: the newest evidence timestamp "
            "(the evidence ends over a day ago); pass --as-of to choose another time"
        )

    return prepare


def diagnose(options: Options, sources: Sequence[Source] | None = None) -> Report:
    """Run a whole diagnosis and return the ranked report."""
    config = options.config
    registry = load_registry(blocked=config.disable_plugins)
    specs = select_specs(registry, selected_codes(config), config.ignore)
    chosen = build_sources(options) if sources is None else list(sources)
    notes: list[str] = []
    result = run(
        chosen,
        specs,
        as_of=options.as_of,
        root=os.fspath(options.root),
        timeout_s=config.timeout_s,
        settings=config.settings(),
        prepare=reference_time(options, chosen, notes),
        started=options.started,
    )
    report = finish(result, registry, config, specs, notes)
    if options.scan_code:
        report.findings = complete_diffs(report.findings, options.root)
    return report


def selected_codes(config: Config) -> list[str] | None:
    """``select`` (default: every check) plus ``extend-select``."""
    if not config.extend_select:
        return config.select
    return [*(config.select or ["ALL"]), *config.extend_select]
