"""The incident corpus: cases written without reading opsdoc's checks, and their scoring.

Each case folder holds ``case.toml`` (the story, the true root cause, the symptoms a
good diagnosis must also report, the reference time), ``code/`` (the repository)
and ``evidence/`` (exports as the real tools print them). A case passes when:

- incident: the first-ranked finding has the root code (or an ``also_root`` code),
  and every listed symptom code is reported;
- control (a healthy system): nothing at error or critical, X findings included.

The same scoring serves the test suite and ``benchmarks/incidents.py``, which can
score any opsdoc installation (an older one, for a before/after figure).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).parent / "incidents"
LOUD = ("critical", "error")


@dataclass(frozen=True)
class Case:
    folder: Path
    kind: str
    root: tuple[str, ...]
    symptoms: tuple[str, ...]
    as_of: str
    story: str = ""

    @property
    def name(self) -> str:
        return f"{self.folder.parent.name}/{self.folder.name}"

    @classmethod
    def load(cls, folder: Path) -> Case:
        data = tomllib.loads((folder / "case.toml").read_text(encoding="utf-8"))
        root = [data.get("root") or "", *data.get("also_root", [])]
        return cls(
            folder=folder,
            kind=str(data.get("kind", "incident")),
            root=tuple(r for r in root if r),
            symptoms=tuple(data.get("symptoms", [])),
            as_of=str(data["as_of"]),
            story=str(data.get("story", "")),
        )


@dataclass
class Outcome:
    case: Case
    first: str = ""
    codes: list[str] = field(default_factory=list)
    loud: list[str] = field(default_factory=list)
    problem: str = ""

    @property
    def missing(self) -> list[str]:
        return [s for s in self.case.symptoms if s not in self.codes]

    @property
    def root_first(self) -> bool:
        return self.first in self.case.root

    @property
    def passed(self) -> bool:
        if self.problem:
            return False
        if self.case.kind == "control":
            return not self.loud
        return self.root_first and not self.missing

    def explain(self) -> str:
        if self.problem:
            return f"{self.case.name}: {self.problem}"
        if self.case.kind == "control":
            return f"{self.case.name}: control raised {', '.join(self.loud)}"
        what = f"{self.case.name}: expected {'/'.join(self.case.root)} first, got {self.first or 'nothing'}"
        if self.missing:
            what += f"; missing symptoms {', '.join(self.missing)}"
        return what + f" (codes: {' '.join(self.codes)})"


def cases(corpus: Path = CORPUS) -> list[Case]:
    return [Case.load(p.parent) for p in sorted(corpus.glob("*/*/case.toml"))]


def diagnose(case: Case, python: str = sys.executable, timeout_s: float = 120) -> Outcome:
    """Run opsdoc on the case as a user would, offline, and read its JSON report."""
    argv = [
        python, "-m", "opsdoc", "diagnose", str(case.folder / "code"),
        "--evidence", str(case.folder / "evidence"),
        "--as-of", case.as_of, "--offline", "--format", "json", "--timeout", "60",
    ]  # fmt: skip
    out = Outcome(case)
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        out.problem = f"opsdoc did not finish within {timeout_s:g} s"
        return out
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        out.problem = f"no JSON report (exit {done.returncode}): {done.stderr.strip()[-300:]}"
        return out
    findings = [f for f in report["findings"] if not f.get("suppressed")]
    diagnosis = [f for f in findings if not f["code"].startswith("X")]
    out.first = diagnosis[0]["code"] if diagnosis else ""
    out.codes = [f["code"] for f in diagnosis]
    out.loud = [f"{f['code']}:{f['subject']}" for f in findings if f["severity"] in LOUD]
    return out


def run_all(selected: Iterable[Case], python: str = sys.executable, jobs: int = 2) -> list[Outcome]:
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(lambda c: diagnose(c, python), selected))


def score(outcomes: Sequence[Outcome]) -> str:
    incidents = [o for o in outcomes if o.case.kind != "control"]
    controls = [o for o in outcomes if o.case.kind == "control"]
    first = sum(o.root_first and not o.problem for o in incidents)
    full = sum(o.passed for o in incidents)
    quiet = sum(o.passed for o in controls)
    return (
        f"root cause first {first}/{len(incidents)}, with every symptom {full}/{len(incidents)}; "
        f"controls quiet {quiet}/{len(controls)}"
    )
