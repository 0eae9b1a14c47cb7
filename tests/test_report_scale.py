"""Ranking stays near-linear and repeated findings collapse (issue 15)."""

from __future__ import annotations

import fnmatch
import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from opsdoc.findings import Finding, Severity
from opsdoc.report import collapse_repeats, resolve_links


def naive_resolve(findings: list[Finding]) -> list[Finding]:
    """The former quadratic resolution, the oracle for the indexed one."""
    ids = [f.id for f in findings]
    roots = {f.id for f in findings if f.root_cause}
    resolved = []
    for f in findings:
        targets = [
            t
            for p in f.explains
            for t in ids
            if t != f.id
            and fnmatch.fnmatchcase(t, p)
            # a pattern names symptoms: it never matches a root cause
            and not (any(c in p for c in "*?[") and t in roots)
        ]
        resolved.append(replace(f, explains=tuple(sorted(dict.fromkeys(targets)))))
    by_id = {f.id: f for f in resolved}
    return [
        replace(
            f,
            explains=tuple(t for t in f.explains if f.id not in by_id[t].explains or f.root_cause),
        )
        for f in resolved
    ]


def finding(code: str, subject: str, explains: tuple[str, ...] = (), root: bool = False) -> Finding:
    return Finding(
        code=code,
        title="t",
        severity=Severity.WARNING,
        subject=subject,
        summary=f"{code} at {subject}",
        explains=explains,
        root_cause=root,
    )


def test_indexed_resolution_matches_the_naive_one() -> None:
    rng = random.Random(15)
    codes = ["E001", "E002", "Q001", "Q002", "T001", "M001"]
    for _ in range(30):
        findings = []
        for i in range(rng.randint(1, 60)):
            code = rng.choice(codes)
            subject = rng.choice(["jobs/a", "jobs/b", "queues/x", f"app.py:{i}", "svc[1]"])
            patterns = tuple(
                rng.choice(
                    [
                        f"{rng.choice(codes)}:*",
                        f"{rng.choice(codes)}:jobs/*",
                        f"{rng.choice(codes)}:{subject}",
                        "*",
                        "E00?:jobs/[ab]",
                        f"{code}:app.py:{rng.randint(0, 60)}",
                    ]
                )
                for _ in range(rng.randint(0, 3))
            )
            findings.append(finding(code, subject, patterns, root=rng.random() < 0.3))
        unique = list({f.id: f for f in findings}.values())
        assert resolve_links(unique) == naive_resolve(unique)


def test_repeats_of_one_code_in_one_file_collapse_with_a_count() -> None:
    many = [finding("M001", f"gen.py:{n}") for n in range(100, 0, -1)]
    few = [finding("M001", f"app.py:{n}") for n in range(1, 4)]
    other = [finding("M002", "gen.py:7")]
    out = collapse_repeats(many + few + other)
    gen = [f for f in out if f.code == "M001" and f.subject.startswith("gen.py")]
    assert len(gen) == 1
    assert gen[0].subject == "gen.py:1"  # the first line, whatever order they came in
    assert "100 findings of M001 in this file" in gen[0].summary
    assert len([f for f in out if f.subject.startswith("app.py")]) == 3  # few: kept apart
    assert any(f.code == "M002" for f in out)


def test_ten_thousand_retired_ids_in_one_file_give_one_finding(tmp_path: Path) -> None:
    ids = ["claude-2.0", "claude-2.1", "claude-instant-1.2"]
    lines = ["import anthropic", "c = anthropic.Anthropic()"]
    lines += [
        f'c.messages.create(model="{ids[i % 3]}", max_tokens=1, messages=[])' for i in range(10_000)
    ]
    (tmp_path / "generated.py").write_text("\n".join(lines) + "\n")
    out = subprocess.run(
        [sys.executable, "-m", "opsdoc", "diagnose", str(tmp_path), "--timeout", "60"],
        capture_output=True,
        text=True,
        timeout=120,  # a generous ceiling; before the fix this took 78 s
    )
    assert out.returncode == 1, out.stderr
    assert out.stdout.count("M001 Retired Anthropic model ID in use") == 1
    # Collapsed by the check itself, with a count per ID (the report would collapse too).
    assert "10,000 uses of retired model IDs in generated.py" in out.stdout
    assert "claude-2.0 (3,334), claude-2.1 (3,333), claude-instant-1.2 (3,333)" in out.stdout
