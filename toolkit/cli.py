"""Command line: ``opsdoc diagnose | checks | runbook``.

Start-up is a feature: this module imports only the standard library at top
level; each command imports what it needs. Every user error ends in one clear
line and exit 2, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INCOMPLETE = 0, 1, 2, 3
_IMPORTED = time.monotonic()
_clock_started: float | None = None
"""When this command's ``--timeout`` clock started (set by `main`)."""


def process_started() -> float:
    """When this process started, on the `time.monotonic` clock: ``--timeout`` bounds
    the whole process, interpreter start-up and imports included. From ``/proc`` where
    there is one (10 ms resolution), else when this module was imported."""
    try:
        with open("/proc/self/stat", "rb") as fh:
            start_ticks = int(fh.read().rpartition(b")")[2].split()[19])
        with open("/proc/uptime", "rb") as fh:
            uptime = float(fh.read().split()[0])
        age = uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return _IMPORTED
    started = time.monotonic() - age
    # Clocks that disagree (a container's /proc) must not give a start after this module
    # was imported, or long before.
    return min(started, _IMPORTED) if started >= _IMPORTED - 5.0 else _IMPORTED


FORMATS = ("text", "concise", "json", "sarif", "junit", "markdown", "github")
SEVERITIES = ("critical", "error", "warning", "info")


class UsageError(Exception):
    """A problem with what the user asked for: one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"opsdoc: error: {message} (see `{self.prog} --help`)\n")


def _codes(text: str) -> list[str]:
    return [c.strip().upper() for c in text.split(",") if c.strip()]


def parse_as_of(text: str) -> datetime:
    """ISO-8601 timestamp; a naive one is taken as UTC."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--as-of: not an ISO-8601 timestamp: {text!r}") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _add_diagnose_options(p: argparse.ArgumentParser, report_options: bool = True) -> None:
    """Options shared by ``diagnose`` and ``tui``; ``report_options``: those that shape a
    printed report (the TUI prints none, so it must not accept them)."""
    p.add_argument(
        "path",
        nargs="*",
        default=["."],
        metavar="PATH",
        help="project directory, or files and directories to scan (default: .)",
    )
    p.add_argument(
        "--evidence",
        action="append",
        default=[],
        metavar="DIR_OR_FILE",
        help="exported evidence (gcloud exports, logs, status files); repeatable",
    )
    p.add_argument(
        "--config", metavar="FILE", help="config file (default: opsdoc.toml or pyproject.toml)"
    )
    p.add_argument("--select", type=_codes, metavar="CODES", help="only these codes or prefixes")
    p.add_argument(
        "--extend-select", type=_codes, metavar="CODES", help="add codes or prefixes to select"
    )
    p.add_argument("--ignore", type=_codes, metavar="CODES", help="skip these codes or prefixes")
    p.add_argument(
        "--exclude",
        type=_paths,
        metavar="PATTERNS",
        help="paths and globs the code scan skips (replaces the config's exclude)",
    )
    p.add_argument(
        "--extend-exclude", type=_paths, metavar="PATTERNS", help="more paths and globs to skip"
    )
    if report_options:
        p.add_argument(
            "--format", choices=FORMATS, default="text", help="output format (default: text)"
        )
        p.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    p.add_argument(
        "--fail-on", choices=SEVERITIES, help="exit 1 at or above this severity (default: error)"
    )
    p.add_argument(
        "--redis",
        action="append",
        default=[],
        metavar="URL",
        help="live Redis/RQ to probe read-only; repeatable (env REDIS_URL)",
    )
    p.add_argument(
        "--gcp-project",
        metavar="P",
        help="live Cloud Run/Logging/Pub/Sub project (env GOOGLE_CLOUD_PROJECT)",
    )
    p.add_argument("--region", metavar="R", help="Cloud Run region for --gcp-project")
    p.add_argument(
        "--subscription",
        action="append",
        default=[],
        dest="subscriptions",
        metavar="SUB",
        help="Pub/Sub subscription whose config and backlog to read; repeatable",
    )
    p.add_argument(
        "--status-file",
        action="append",
        default=[],
        dest="status_files",
        metavar="FILE",
        help="heartbeat/status file of a local worker; repeatable",
    )
    p.add_argument(
        "--process",
        action="append",
        default=[],
        dest="processes",
        metavar="PATTERN",
        help="command-line substring of local worker processes (hung vs dead); repeatable",
    )
    p.add_argument("--offline", action="store_true", help="disable every network source")
    p.add_argument("--no-code", action="store_true", help="do not scan PATH's code and config")
    p.add_argument("--timeout", type=float, metavar="S", help="bound on the whole run, seconds")
    p.add_argument(
        "--as-of",
        metavar="TIMESTAMP",
        help="reference time for ages (default: now, or the end of evidence over a day old)",
    )
    p.add_argument(
        "--show-settings", action="store_true", help="print the effective settings and exit"
    )
    if not report_options:
        return
    p.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even with findings (a source or check that could not run is still 3)",
    )
    p.add_argument(
        "--statistics", action="store_true", help="print the number of findings per code"
    )
    p.add_argument(
        "--show-checks",
        action="store_true",
        help="list every check: ran, skipped (with the evidence it lacked) or failed",
    )
    p.add_argument("--tui", action="store_true", help="open the interactive TUI on the results")
    p.add_argument(
        "--models-catalog",
        metavar="FILE",
        help="model catalogue file to use instead of the bundled one (see `opsdoc models`)",
    )


def _paths(text: str) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()]


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only ``command``'s own module is imported to configure its options.

    Importing every command module (worker, smoke, TUI...) to build options nobody asked
    for would double the start-up time of every invocation.
    """
    from opsdoc import __version__

    parser = _Parser(
        prog="opsdoc",
        description="A doctor for background-job systems: finds why jobs stopped flowing.",
    )
    parser.add_argument("--version", action="version", version=f"opsdoc {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    diag = sub.add_parser("diagnose", help="find root causes from code, exports and live systems")
    _add_diagnose_options(diag)
    checks = sub.add_parser("checks", help="list the checks")
    checks.add_argument("--format", choices=("text", "json"), default="text")
    checks.add_argument("--config", metavar="FILE")
    checks.add_argument("--select", type=_codes, metavar="CODES")
    checks.add_argument("--ignore", type=_codes, metavar="CODES")
    runbook = sub.add_parser("runbook", help="print the runbook of a finding code")
    runbook.add_argument("code", nargs="?", help="finding code, e.g. T001 (omit to list)")
    for name, (module, help_text) in EXTRA_COMMANDS.items():
        extra = sub.add_parser(name, help=help_text)
        extra.set_defaults(_module=module)
        if name == command:
            importlib.import_module(module).configure(extra)
    return parser


def _load_config(args: argparse.Namespace, root: Path):  # type: ignore[no-untyped-def]
    from opsdoc.config import ConfigError, find_config, load_config

    explicit = bool(getattr(args, "config", None))
    path = Path(args.config) if explicit else find_config(root)
    try:
        config = load_config(path, explicit=explicit)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    where = config.source or "config"
    known = _known_codes(config.disable_plugins)
    _check_codes(config.select or [], f"{where}: select", known)
    _check_codes(config.extend_select, f"{where}: extend-select", known)
    _check_codes(config.ignore, f"{where}: ignore", known)
    for glob, codes in config.per_file_ignores.items():
        _check_codes(codes, f"{where}: per-file-ignores.{glob}", known)
    _check_codes(list(config.severity_overrides), f"{where}: severity-overrides", known)
    for flag in ("select", "extend_select", "ignore"):
        _check_codes(getattr(args, flag, None) or [], "--" + flag.replace("_", "-"), known)
    if getattr(args, "select", None):
        config.select = args.select
    if getattr(args, "extend_select", None):
        config.extend_select = config.extend_select + args.extend_select
    if getattr(args, "ignore", None):
        config.ignore = config.ignore + args.ignore
    if getattr(args, "exclude", None) is not None:
        config.exclude = list(args.exclude)
    if getattr(args, "extend_exclude", None):
        config.extend_exclude = config.extend_exclude + args.extend_exclude
    return config


def _known_codes(blocked: Sequence[str]) -> list[str]:
    """Every code a check is registered for (cached metadata: no check module imported)."""
    from opsdoc.commands.checks import list_checks

    return [c.code for c in list_checks(blocked=blocked)[0]]


def _check_codes(patterns: Sequence[str], where: str, known: Sequence[str]) -> None:
    """As ruff: a code or prefix that selects no check is an error, never an empty run."""
    for pattern in patterns:
        if pattern == "ALL" or not known or any(code.startswith(pattern) for code in known):
            continue
        raise UsageError(
            f"{where}: unknown code or prefix {pattern!r} (run `opsdoc checks` to list them)"
        )


def apply_live_targets(args: argparse.Namespace, config) -> None:  # type: ignore[no-untyped-def]
    """Live targets: flags win over the config file, which wins over the environment.

    A target asked for on the command line is never dropped in silence: one that cannot
    run as given (no project for a subscription, a live target with ``--offline``) is a
    usage error.
    """
    if args.offline:
        asked = [
            flag
            for flag, value in (
                ("--redis", args.redis),
                ("--gcp-project", args.gcp_project),
                ("--region", args.region),
                ("--subscription", args.subscriptions),
            )
            if value
        ]
        if asked:
            raise UsageError(
                f"{' and '.join(asked)} cannot be combined with --offline, which disables "
                "every network source (drop one of them)"
            )
    if args.redis:
        config.redis = list(args.redis)
    elif not config.redis and os.environ.get("REDIS_URL"):
        config.redis = [os.environ["REDIS_URL"]]
    config.gcp_project = (
        args.gcp_project or config.gcp_project or os.environ.get("GOOGLE_CLOUD_PROJECT", "")
    )
    config.region = args.region or config.region or os.environ.get("CLOUDSDK_RUN_REGION", "")
    if args.subscriptions:
        config.subscriptions = list(args.subscriptions)
    if args.status_files:
        config.status_files = list(args.status_files)
    if args.processes:
        config.processes = list(args.processes)
    if not config.gcp_project and not args.offline:
        if config.subscriptions:
            given = "--subscription" if args.subscriptions else f"subscriptions in {config.source}"
            raise UsageError(
                f"{given} needs --gcp-project (or GOOGLE_CLOUD_PROJECT): Pub/Sub is read "
                "through a project, also with PUBSUB_EMULATOR_HOST"
            )
        if args.region:
            raise UsageError(
                "--region needs --gcp-project (or GOOGLE_CLOUD_PROJECT): it is the region "
                "of that project's Cloud Run resources"
            )
    if config.gcp_project and not config.region and not args.offline:
        raise UsageError(
            f"--region is required to read Cloud Run in project {config.gcp_project} "
            "(or set CLOUDSDK_RUN_REGION, or pass --offline)"
        )


def use_models_catalog(path: str | None) -> None:
    """Load ``--models-catalog`` / ``models-catalog`` (exit 2 with the reason when invalid)."""
    if not path:
        return
    from opsdoc.models.catalog import read_catalog_file, use_catalog

    try:
        use_catalog(read_catalog_file(path))
    except ValueError as exc:
        raise UsageError(f"--models-catalog {exc}") from None


def scan_roots(paths: Sequence[str]) -> tuple[Path, list[str]]:
    """The directory findings are relative to, and the files/directories under it to scan.

    One directory is the project itself. Several paths or single files (pre-commit passes
    its file list) are scanned from the working directory when they are under it, as ruff
    reports them, else from their common directory.
    """
    for given in paths:
        if not Path(given).exists():
            raise UsageError(f"{given}: no such file or directory")
    if len(paths) == 1 and Path(paths[0]).is_dir():
        return Path(paths[0]), []
    absolute = [Path(p).resolve() for p in paths]
    cwd = Path.cwd().resolve()
    if all(a == cwd or cwd in a.parents for a in absolute):
        base = cwd
    else:
        base = Path(os.path.commonpath([a if a.is_dir() else a.parent for a in absolute]))
    root = Path(os.path.relpath(base)) if base == cwd or cwd in base.parents else base
    only = [a.relative_to(base).as_posix() for a in absolute]
    return root, [o if o != "." else "" for o in only]


def repository_base(root: Path) -> str:
    """``root`` relative to the enclosing git repository's top (``""`` at the top or when
    there is none): SARIF and GitHub annotations need repository paths."""
    here = root.resolve()
    for directory in (here, *here.parents):
        if (directory / ".git").exists():
            rel = here.relative_to(directory).as_posix()
            return "" if rel == "." else rel
    return ""


def build_options(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Diagnose options from flags merged over the config file (shared with ``opsdoc tui``)."""
    from opsdoc.commands.diagnose import Options
    from opsdoc.findings import Severity

    paths = list(args.path) or ["."]
    root, only = scan_roots(paths)
    for ev in args.evidence:
        if not Path(ev).exists():
            raise UsageError(f"--evidence {ev}: no such file or directory")
    config = _load_config(args, Path(paths[0]))
    if args.fail_on:
        config.fail_on = Severity.parse(args.fail_on)
    if args.timeout is not None:
        if args.timeout <= 0:
            raise UsageError("--timeout must be a positive number of seconds")
        config.timeout_s = args.timeout
    apply_live_targets(args, config)
    use_models_catalog(getattr(args, "models_catalog", None) or config.models_catalog)
    as_of = parse_as_of(args.as_of) if args.as_of else config.as_of
    return Options(
        root=root,
        as_of=as_of or datetime.now(UTC),
        config=config,
        evidence=list(args.evidence),
        offline=args.offline,
        scan_code=not args.no_code,
        anthropic_api_key="" if args.offline else os.environ.get("ANTHROPIC_API_KEY", ""),
        only=only,
        as_of_given=as_of is not None,
        started=_clock_started if _clock_started is not None else time.monotonic(),
    )


def show_settings(options) -> str:  # type: ignore[no-untyped-def]
    """``--show-settings``: the settings a run would use, after file, flags and environment."""
    import json

    from opsdoc.commands.diagnose import selected_codes
    from opsdoc.redact import redact

    config = options.config
    data = {
        "config_file": config.source or None,
        "root": options.root.as_posix(),
        "paths": options.only or ["."],
        "select": selected_codes(config) or ["ALL"],
        "ignore": config.ignore,
        "exclude": config.exclude,
        "extend_exclude": config.extend_exclude,
        "per_file_ignores": config.per_file_ignores,
        "severity_overrides": {k: v.value for k, v in config.severity_overrides.items()},
        "fail_on": config.fail_on.value,
        "timeout_s": config.timeout_s,
        "as_of": options.as_of.isoformat() if options.as_of_given else "now",
        "evidence": options.evidence or config.evidence,
        "offline": options.offline,
        "scan_code": options.scan_code,
        "redis": [redact(u) for u in config.redis],
        "gcp_project": config.gcp_project,
        "region": config.region,
        "subscriptions": config.subscriptions,
        "status_files": config.status_files,
        "processes": config.processes,
        "disable_plugins": config.disable_plugins,
        "thresholds": config.settings(),
        "anthropic_api_key": "set" if options.anthropic_api_key else "not set",
    }
    return json.dumps(data, indent=2, sort_keys=True, default=str) + "\n"


def statistics(report) -> str:  # type: ignore[no-untyped-def]
    """``--statistics``: findings per code, most frequent first (as ``ruff --statistics``)."""
    counts: dict[str, tuple[int, str]] = {}
    for f in report.active:
        n, _ = counts.get(f.code, (0, f.title))
        counts[f.code] = (n + 1, f.title)
    rows = sorted(counts.items(), key=lambda item: (-item[1][0], item[0]))
    width = max((len(str(n)) for _, (n, _) in rows), default=1)
    lines = [f"{n:>{width}}  {code}  {title}" for code, (n, title) in rows]
    return "\n".join(lines) + "\n" if lines else "No problems found.\n"


def cmd_diagnose(args: argparse.Namespace) -> int:
    from opsdoc.commands.diagnose import diagnose
    from opsdoc.render import Format, render

    options = build_options(args)
    if args.show_settings:
        sys.stdout.write(show_settings(options))
        return EXIT_OK
    if args.tui:
        from opsdoc.tui import run_tui

        return run_tui(options)
    report = diagnose(options)
    report.base = repository_base(options.root)
    for warning in report.warnings:
        print(f"opsdoc: warning: {warning}", file=sys.stderr)
    color = (
        args.format == "text"
        and not args.output
        and sys.stdout.isatty()
        and not os.environ.get("NO_COLOR")
    )
    if args.statistics:
        text = statistics(report)
    else:
        text = render(report, Format(args.format), color=color, show_checks=args.show_checks)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"--output {args.output}: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    if args.exit_zero and report.exit_code == EXIT_FINDINGS:
        return EXIT_OK
    return report.exit_code


def cmd_checks(args: argparse.Namespace) -> int:
    import json

    from opsdoc.commands.checks import list_checks
    from opsdoc.selection import matches

    config = _load_config(args, Path("."))
    checks, problems = list_checks(blocked=config.disable_plugins)
    rows = []
    for c in checks:
        enabled = matches(c.code, config.select or ["ALL"]) and not matches(c.code, config.ignore)
        needs = list(c.needs) + ([f"any of {'/'.join(c.any_of)}"] if c.any_of else [])
        rows.append(
            {
                "code": c.code,
                "title": c.title,
                "severity": c.severity,
                "needs": needs,
                "enabled": enabled,
                "origin": c.origin,
            }
        )
    if args.format == "json":
        report = {
            "checks": rows,
            "problems": [{"plugin": p, "reason": r} for p, r in problems],
        }
        print(json.dumps(report, indent=2, sort_keys=True))
        return EXIT_OK
    width = max((len(r["title"]) for r in rows), default=10)
    for r in rows:
        shown = ", ".join(r["needs"]) or "(emitted by the engine)"
        state = "" if r["enabled"] else "  [disabled]"
        origin = "" if r["origin"] == "opsdoc" else f"  ({r['origin']})"
        print(f"{r['code']}  {r['title']:<{width}}  {r['severity']:<8}  {shown}{state}{origin}")
    for plugin, reason in problems:
        print(f"warning: plugin {plugin} not loaded: {reason}", file=sys.stderr)
    return EXIT_OK


def cmd_runbook(args: argparse.Namespace) -> int:
    from opsdoc import runbooks

    if not args.code:
        for code in runbooks.available():
            first = runbooks.read(code).splitlines()[0].lstrip("# ").strip()
            print(first)
        return EXIT_OK
    try:
        sys.stdout.write(runbooks.read(args.code))
    except KeyError:
        raise UsageError(
            f"no runbook for {args.code!r} (run `opsdoc runbook` to list them)"
        ) from None
    return EXIT_OK


COMMANDS = {"diagnose": cmd_diagnose, "checks": cmd_checks, "runbook": cmd_runbook}

EXTRA_COMMANDS: dict[str, tuple[str, str]] = {
    "snapshot": ("opsdoc.commands.snapshot", "capture live Redis/RQ state as an evidence file"),
    "fix": ("opsdoc.commands.fix", "apply safe autofixes (retired model IDs), diff by default"),
    "models": ("opsdoc.models.command", "the model catalogue: status, dates, successors, sources"),
    "worker": ("opsdoc.worker.cli", "run the bundled reference worker (drain or serve)"),
    "smoke": (
        "opsdoc.commands.smoke",
        "run the reference worker against a canary job (S001/S002, JUnit)",
    ),
    "tui": ("opsdoc.commands.tui", "interactive TUI (same options as diagnose)"),
    "demo": (
        "opsdoc.commands.demo",
        "open the TUI on the bundled seed incidents (no server needed)",
    ),
}
"""Commands living in their own modules: name -> (module, help).

Each module exposes ``configure(parser)`` (add its arguments; no heavy imports)
and ``run(args) -> int``; it raises `UsageError` for user mistakes.
"""


def main(argv: Sequence[str] | None = None) -> int:
    global _clock_started
    # As a command, --timeout bounds the process from its start; called in-process with
    # arguments (a test, a script embedding opsdoc), from this call.
    _clock_started = process_started() if argv is None else time.monotonic()
    code = _main(argv)
    if argv is None and "opsdoc.engine" in sys.modules:
        # Once the report is out, nothing may hold the process past --timeout + 1 s: a
        # source stuck past the deadline (a server trickling bytes; thread pools are
        # joined at exit), nor freeing the evidence of a big run object by object
        # (half a second for a 380 MB export). Flushed, then gone.
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)
    return code


def _main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(command)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    try:
        if args.command in COMMANDS:
            return COMMANDS[args.command](args)
        return int(importlib.import_module(args._module).run(args))
    except UsageError as exc:
        print(f"opsdoc: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("opsdoc: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: still one line, with a way to see more
        if os.environ.get("OPSDOC_DEBUG"):
            raise
        from opsdoc.redact import redact

        print(
            f"opsdoc: internal error: {type(exc).__name__}: {redact(str(exc))} "
            "(set OPSDOC_DEBUG=1 for the traceback, and please report it)",
            file=sys.stderr,
        )
        return EXIT_USAGE
