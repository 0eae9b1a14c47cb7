"""The check plugin contract and its registry.

A check is a pure function of the `Evidence`, decorated with `@check`. The
decorator holds the code, title, needed evidence and severity, so the engine
stamps them (and the runbook) onto every finding: a check cannot misreport its
own code. Checks are found through the ``opsdoc.checks`` entry-point group, the
built-in ones included, so third-party plugins use exactly the same path.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType

from opsdoc.evidence import Evidence, Record
from opsdoc.findings import Hit, Severity
from opsdoc.selection import matches

__all__ = ["CheckSpec", "Registry", "check", "load_registry", "matches", "select_specs"]

ENTRY_POINT_GROUP = "opsdoc.checks"
CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{0,3}[0-9]{3}$")

CheckFunc = Callable[[Evidence], Iterable[Hit]]


@dataclass(frozen=True)
class CheckSpec:
    """A registered check: its identity, its needs and its function."""

    code: str
    title: str
    severity: Severity
    needs: frozenset[type[Record]]
    """The check runs only when every one of these evidence kinds is present."""
    func: CheckFunc
    root_cause: bool = False
    """True when the finding names a cause rather than a symptom."""
    any_of: frozenset[type[Record]] = frozenset()
    """Besides `needs`, at least one of these kinds must be present (empty: no condition)."""
    engine_emitted: bool = False
    """True for codes the engine itself emits (X001, X002): documented, never run."""
    origin: str = "opsdoc"
    """Distribution that supplied the check."""
    module: str = ""

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")

    def runnable(self, kinds: set[type[Record]]) -> bool:
        if self.engine_emitted:
            return False
        if not self.needs <= kinds:
            return False
        return not self.any_of or bool(self.any_of & kinds)


def check(
    code: str,
    title: str,
    *,
    needs: Iterable[type[Record]] = (),
    any_of: Iterable[type[Record]] = (),
    severity: Severity = Severity.ERROR,
    root_cause: bool = False,
    engine_emitted: bool = False,
) -> Callable[[CheckFunc], CheckFunc]:
    """Declare a check. Its docstring is its user documentation."""
    if not CODE_PATTERN.match(code):
        raise ValueError(f"check code {code!r} must look like T001")

    def decorate(func: CheckFunc) -> CheckFunc:
        spec = CheckSpec(
            code=code,
            title=title,
            severity=severity,
            needs=frozenset(needs),
            any_of=frozenset(any_of),
            func=func,
            root_cause=root_cause,
            engine_emitted=engine_emitted,
            module=func.__module__,
        )
        func.__opsdoc_check__ = spec  # type: ignore[attr-defined]
        return func

    return decorate


def specs_in_module(module: ModuleType, origin: str) -> Iterator[CheckSpec]:
    """Every check declared at the top level of a module."""
    for value in vars(module).values():
        spec = getattr(value, "__opsdoc_check__", None)
        if isinstance(spec, CheckSpec) and spec.module == module.__name__:
            yield CheckSpec(**{**spec.__dict__, "origin": origin})


@dataclass
class LoadProblem:
    """A plugin that could not be loaded (reported, never fatal)."""

    plugin: str
    reason: str


@dataclass
class Registry:
    """Checks by code, plus the plugins that failed to load."""

    specs: dict[str, CheckSpec] = field(default_factory=dict)
    problems: list[LoadProblem] = field(default_factory=list)

    def add(self, spec: CheckSpec) -> None:
        existing = self.specs.get(spec.code)
        if existing and existing.func is not spec.func:
            self.problems.append(
                LoadProblem(
                    spec.origin,
                    f"code {spec.code} already provided by {existing.origin} ({existing.module})",
                )
            )
            return
        self.specs[spec.code] = spec

    def sorted(self) -> list[CheckSpec]:
        return [self.specs[c] for c in sorted(self.specs)]


def _dist_name(ep: EntryPoint) -> str:
    """The distribution's name from its dist-info directory: reading METADATA would pull in
    the email parser and cost more than every check together."""
    if ep.dist is None:
        return "unknown"
    fast = getattr(ep.dist, "_normalized_name", None)
    return str(fast).replace("_", "-") if fast else ep.dist.name


def load_registry(blocked: Iterable[str] = ()) -> Registry:
    """Load every check registered in the ``opsdoc.checks`` entry-point group.

    ``blocked`` names entry points or distributions the user chose not to load.
    """
    blocked_set = {b.lower() for b in blocked}
    registry = Registry()
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: (e.value, e.name)):
        dist = _dist_name(ep)
        if ep.name.lower() in blocked_set or dist.lower() in blocked_set:
            continue
        try:
            module = importlib.import_module(ep.module)
        except Exception as exc:  # a broken plugin must not break the run
            registry.problems.append(
                LoadProblem(f"{dist}:{ep.name}", f"{type(exc).__name__}: {exc}")
            )
            continue
        for spec in specs_in_module(module, dist):
            registry.add(spec)
    return registry


def select_specs(
    registry: Registry, select: Iterable[str] | None, ignore: Iterable[str]
) -> list[CheckSpec]:
    """The checks to run: selected (default all) minus ignored."""
    chosen = []
    select_list = list(select) if select else ["ALL"]
    ignore_list = list(ignore)
    for spec in registry.sorted():
        if matches(spec.code, select_list) and not matches(spec.code, ignore_list):
            chosen.append(spec)
    return chosen
