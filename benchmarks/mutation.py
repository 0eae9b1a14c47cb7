"""Mutation testing of the checks and the symptom readers, with mutmut 3.

    python benchmarks/mutation.py                      # every module of checks/ + readers
    python benchmarks/mutation.py cloudrun timeouts    # some modules (see --list)
    python benchmarks/mutation.py --retest             # rerun only the mutants left alive
    python benchmarks/mutation.py --report             # the last verdicts, survivors named
    python benchmarks/mutation.py --survivors errors   # each survivor's diff

mutmut imports the code it mutates by the module name its path gives, while
opsdoc's sources live in ``toolkit/`` and ``checks/`` and import as ``opsdoc`` and
``opsdoc.checks``. So the package is staged in ``build/mutation/`` laid out as
installed (``opsdoc/`` from ``toolkit/``, ``opsdoc/checks/`` from
``checks/``, plus ``tests/`` and ``examples/``), and ``mutmut run`` works there;
the repository's own files are never mutated. mutmut skips decorated functions,
which would leave every check's body unmutated, so the staged copy applies
``@check(...)`` after the function instead (same registration, same function).

The tests are the fast, offline, in-process ones that exercise the checks: the
per-family check tests, the control tests (``tests/test_controls_*.py``), the
seed tests and the readers' tests. mutmut records once which tests reach each
function and runs only those for each mutant of it; ``--retest`` has that record made
again when a test or a source changed since, and runs the mutants a changed function
gets in a second pass. Left out: the incident
corpus (``tests/test_incidents.py``) runs opsdoc in subprocesses, which mutmut
cannot attribute to a function; the real-server log captures take seconds each;
the live process-table tests depend on machine load.

A mutant is *killed* when a test fails, *survived* when every test passes and
*untested* when no selected test reaches its function; both of the last two
count as alive. Equivalent mutants (no behaviour can tell them from the
original) are listed with the reason in ``benchmarks/mutation-equivalent.txt``
and left out of the share.

mutmut comes with the test extras (pinned: the list of equivalent mutants names
them by number). ``-j`` sets how many mutants run at once (default 1: the
machine is shared); a module of 300 lines takes 10-40 minutes on two busy cores.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGE = ROOT / "build" / "mutation"
EQUIVALENT = ROOT / "benchmarks" / "mutation-equivalent.txt"

# module name -> path inside the staged package
MODULES: dict[str, str] = {
    **{
        p.stem: f"opsdoc/checks/{p.name}"
        for p in sorted((ROOT / "checks").glob("*.py"))
        if p.stem != "__init__"
    },
    "loglines": "opsdoc/loglines.py",
    "check_helpers": "opsdoc/check_helpers.py",
}

# Offline, in-process tests that exercise checks/ and the readers. They are chosen
# by file pattern (pytest's python_files) so that a new control file joins the
# selection without changing mutmut's command line, which would void its cache.
TEST_FILES = [
    "test_checks_*.py",
    "test_controls_*.py",
    "test_models_checks.py",
    "test_loglines.py",
    "test_seeds.py",
    "test_seed_002.py",
    "test_finding_snapshots.py",
]
# Left out: the real-server log captures (seconds per case, for lines a unit test of the
# reader covers too)
# (and the two that read the live process table, which a loaded machine can slow past
# the process source's deadline)
DESELECT = [
    "-k",
    "not test_every_line_a_real_server_prints_is_recognised"
    " and not test_live_process_alive_is_h001_then_killed_is_h002"
    " and not test_process_source_matches_command_lines_and_redacts_them",
]

KILLED = {1, 3, 36, 37, -24, 24, 152, 255, -9, -11}
SURVIVED = {0}
NO_TESTS = {5, 33}


def hoist_checks(path: Path) -> None:
    """Apply ``@check(...)`` after the function instead of as a decorator.

    mutmut leaves decorated functions alone (a decorator runs at import), which
    would leave every check's own body unmutated. ``name = check(...)(name)``
    after the definition registers the same check from the same function.
    """
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    for node in reversed(tree.body):
        if not isinstance(node, ast.FunctionDef) or not node.decorator_list:
            continue
        decorators = node.decorator_list
        if not all(
            isinstance(d, ast.Call) and isinstance(d.func, ast.Name) and d.func.id == "check"
            for d in decorators
        ):
            continue
        applied = node.name
        for d in reversed(decorators):
            applied = f"{ast.get_source_segment(text, d)}({applied})"
        end = node.end_lineno or node.lineno
        lines[end:end] = [f"{node.name} = {applied}"]
        del lines[decorators[0].lineno - 1 : node.lineno - 1]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def stage(names: list[str], keep: bool) -> Path:
    """Lay out the package as installed, and mutmut's configuration, for these modules."""
    where = STAGE
    if not keep and where.exists():
        shutil.rmtree(where)
    where.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "incidents")
    for src, dst in [
        ("toolkit", "opsdoc"),
        ("checks", "opsdoc/checks"),
        ("runbooks", "opsdoc/runbooks"),
        ("examples", "opsdoc/examples"),
        ("examples", "examples"),
        ("tests", "tests"),
    ]:
        target = where / dst
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(ROOT / src, target, ignore=ignore)
    for name in names:
        mutated = where / MODULES[name]
        original = mutated.stat()
        hoist_checks(mutated)
        # the original's time, so that --retest regenerates mutants only for a changed source
        os.utime(mutated, ns=(original.st_atime_ns, original.st_mtime_ns))
    config = [
        "[tool.mutmut]",
        'source_paths = ["opsdoc"]',
        f"only_mutate = {json.dumps([MODULES[name] for name in names])}",
        'also_copy = ["examples"]',
        f"pytest_add_cli_args = {json.dumps(['-p', 'no:cacheprovider', '-q'])}",
        f"pytest_add_cli_args_test_selection = {json.dumps(['tests', *DESELECT])}",
        "use_git_change_detection = false",
        "",
        "[tool.pytest.ini_options]",
        'testpaths = ["tests"]',
        f"python_files = {json.dumps(TEST_FILES)}",
        'addopts = "--strict-markers -p no:snapshot"',
        "timeout = 300",
        "",
    ]
    (where / "pyproject.toml").write_text("\n".join(config), encoding="utf-8")
    return where


def verdicts(name: str) -> dict[str, int | None]:
    meta = STAGE / "mutants" / (MODULES[name] + ".meta")
    if not meta.exists():
        return {}
    data: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    return data


def equivalent_names() -> set[str]:
    if not EQUIVALENT.exists():
        return set()
    names = set()
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.add(line.split()[0])
    return names


def alive(name: str) -> list[str]:
    equivalent = equivalent_names()
    return sorted(
        key
        for key, code in verdicts(name).items()
        if key not in equivalent and (code in SURVIVED or code in NO_TESTS)
    )


def not_run(name: str) -> list[str]:
    """Mutants an interrupted run left without a verdict."""
    return sorted(key for key, code in verdicts(name).items() if code is None)


def report(names: list[str], list_alive: bool = True) -> None:
    equivalent = equivalent_names()
    rows = []
    total = Counter[str]()
    for name in names:
        c = Counter[str]()
        codes = verdicts(name)
        for key, code in codes.items():
            if key in equivalent:
                c["equivalent"] += 1
            elif code in KILLED:
                c["killed"] += 1
            elif code in SURVIVED:
                c["survived"] += 1
            elif code in NO_TESTS:
                c["no tests"] += 1
            else:
                c["not run"] += 1
        c["total"] = len(codes)
        if codes:
            total.update(c)
            rows.append((MODULES[name].removeprefix("opsdoc/"), c))
    rows.append(("overall", total))
    print(
        f"{'module':26} {'total':>6} {'killed':>7} {'surv.':>6} {'untested':>8}"
        f" {'equiv.':>6} {'not run':>7} {'alive':>7}"
    )
    for label, c in rows:
        counted = c["killed"] + c["survived"] + c["no tests"]  # decided, not equivalent
        share = 100.0 * (c["survived"] + c["no tests"]) / counted if counted else 0.0
        print(
            f"{label:26} {c['total']:6} {c['killed']:7} {c['survived']:6} {c['no tests']:8}"
            f" {c['equivalent']:6} {c['not run']:7} {share:6.1f}%"
        )
    if list_alive:
        for name in names:
            for key in alive(name):
                print("  alive: " + key)


def _newest(*folders: Path) -> float:
    return max((p.stat().st_mtime for f in folders for p in f.rglob("*.py")), default=0.0)


def _mutmut_run(where: Path, jobs: int, targets: list[str], mode: str) -> None:
    mutmut = str(Path(sys.executable).parent / "mutmut")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    with open(where / "mutmut.log", mode, encoding="utf-8") as log:
        subprocess.run(
            [mutmut, "run", "--max-children", str(jobs), *targets],
            cwd=where,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )


def run(names: list[str], jobs: int, retest: bool) -> float:
    """The modules in one staging folder: mutmut maps tests to functions once for all."""
    targets = [key for name in names for key in alive(name) + not_run(name)] if retest else []
    if retest and not targets:
        return 0.0
    stats = STAGE / "mutants" / "mutmut-stats.json"
    # mutmut maps tests to functions once and then only adds tests it has not seen: after
    # a test or a function changed (or was renamed) the map is made again, or the mutants
    # run against too few tests and survive falsely
    sources = (ROOT / "tests", ROOT / "checks", ROOT / "toolkit")
    if retest and stats.exists() and _newest(*sources) > stats.stat().st_mtime:
        stats.unlink()
    where = stage(names, keep=retest)
    (where / "modules.json").write_text(json.dumps(names), encoding="utf-8")
    started = time.monotonic()
    _mutmut_run(where, jobs, targets, "w")
    if retest:
        # a function whose source changed has new mutants, which only now have a name
        again = [key for name in names for key in not_run(name)]
        if again:
            _mutmut_run(where, jobs, again, "a")
    seconds = time.monotonic() - started
    print(f"mutmut: {seconds:.0f} s (log: {where.relative_to(ROOT) / 'mutmut.log'})", flush=True)
    return seconds


def show(names: list[str]) -> None:
    mutmut = str(Path(sys.executable).parent / "mutmut")
    for name in names:
        for key in alive(name):
            subprocess.run([mutmut, "show", key], cwd=STAGE, check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("modules", nargs="*", help="module names (default: all)")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="mutmut workers (default 1)")
    parser.add_argument("--list", action="store_true", help="list the modules and exit")
    parser.add_argument(
        "--retest",
        action="store_true",
        help="rerun only the mutants alive (or not run) in the last run",
    )
    parser.add_argument("--report", action="store_true", help="print the last verdicts")
    parser.add_argument("--survivors", action="store_true", help="show each survivor's diff")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(MODULES))
        return 0
    unknown = [m for m in args.modules if Path(m).stem not in MODULES]
    if unknown:
        print(f"unknown module(s): {', '.join(unknown)}; see --list", file=sys.stderr)
        return 2
    names = [Path(m).stem for m in args.modules] or list(MODULES)
    last = STAGE / "modules.json"
    if not args.modules and (args.retest or args.report or args.survivors) and last.exists():
        names = json.loads(last.read_text(encoding="utf-8"))  # those of the last run
    if args.report or args.survivors:
        report(names, list_alive=not args.survivors)
        if args.survivors:
            show(names)
        return 0
    if not (Path(sys.executable).parent / "mutmut").exists():
        print("mutmut is not installed: pip install 'mutmut>=3.8,<4'", file=sys.stderr)
        return 2
    run(names, args.jobs, args.retest)
    print()
    report(names)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
