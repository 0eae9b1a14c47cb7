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
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INCOMPLETE = 0, 1, 2, 3
FORMATS = ("text", "json", "sarif", "junit", "markdown")
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


def _add_diagnose_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", default=".", help="project to scan (default: .)")
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
    p.add_argument("--ignore", type=_codes, metavar="CODES", help="skip these codes or prefixes")
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
    p.add_argument("--as-of", metavar="TIMESTAMP", help="reference time for ages (default: now)")
    p.add_argument("--tui", action="store_true", help="open the interactive TUI on the results")
    p.add_argument(
        "--models-catalog",
        metavar="FILE",
        help="model catalogue file to use instead of the bundled one (see `opsdoc models`)",
    )


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

    path = Path(args.config) if getattr(args, "config", None) else find_config(root)
    try:
        config = load_config(path)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    if getattr(args, "select", None):
        config.select = args.select
    if getattr(args, "ignore", None):
        config.ignore = config.ignore + args.ignore
    return config


def apply_live_targets(args: argparse.Namespace, config) -> None:  # type: ignore[no-untyped-def]
    """Live targets: flags win over the config file, which wins over the environment."""
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


def build_options(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Diagnose options from flags merged over the config file (shared with ``opsdoc tui``)."""
    from opsdoc.diagnose import Options
    from opsdoc.findings import Severity

    root = Path(args.path)
    if not root.exists():
        raise UsageError(f"{args.path}: no such file or directory")
    if not root.is_dir():
        raise UsageError(f"{args.path}: not a directory (pass exports with --evidence)")
    for ev in args.evidence:
        if not Path(ev).exists():
            raise UsageError(f"--evidence {ev}: no such file or directory")
    config = _load_config(args, root)
    if args.fail_on:
        config.fail_on = Severity.parse(args.fail_on)
    if args.timeout is not None:
        if args.timeout <= 0:
            raise UsageError("--timeout must be a positive number of seconds")
        config.timeout_s = args.timeout
    apply_live_targets(args, config)
    use_models_catalog(getattr(args, "models_catalog", None) or config.models_catalog)
    as_of = parse_as_of(args.as_of) if args.as_of else datetime.now(UTC)
    return Options(
        root=root,
        as_of=as_of,
        config=config,
        evidence=list(args.evidence),
        offline=args.offline,
        scan_code=not args.no_code,
        anthropic_api_key="" if args.offline else os.environ.get("ANTHROPIC_API_KEY", ""),
    )


def cmd_diagnose(args: argparse.Namespace) -> int:
    from opsdoc.diagnose import diagnose
    from opsdoc.render import Format, render

    options = build_options(args)
    if args.tui:
        from opsdoc.tui import run_tui

        return run_tui(options)
    report = diagnose(options)
    color = (
        args.format == "text"
        and not args.output
        and sys.stdout.isatty()
        and not os.environ.get("NO_COLOR")
    )
    text = render(report, Format(args.format), color=color)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"--output {args.output}: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return report.exit_code


def cmd_checks(args: argparse.Namespace) -> int:
    import json

    from opsdoc.checklist import list_checks
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
    "snapshot": ("opsdoc.snapshot", "capture live Redis/RQ state as an evidence file"),
    "fix": ("opsdoc.fix", "apply safe autofixes (retired model IDs), diff by default"),
    "models": ("opsdoc.models.command", "the model catalogue: status, dates, successors, sources"),
    "worker": ("opsdoc.worker.cli", "run the bundled reference worker (drain or serve)"),
    "smoke": ("opsdoc.smoke", "run the reference worker against a canary job (S001/S002, JUnit)"),
    "tui": ("opsdoc.tui_cmd", "interactive TUI (same options as diagnose)"),
    "demo": ("opsdoc.demo", "open the TUI on the bundled seed incidents (no server needed)"),
}
"""Commands living in their own modules: name -> (module, help).

Each module exposes ``configure(parser)`` (add its arguments; no heavy imports)
and ``run(args) -> int``; it raises `UsageError` for user mistakes.
"""


def main(argv: Sequence[str] | None = None) -> int:
    code = _main(argv)
    engine = sys.modules.get("opsdoc.engine")
    if argv is None and engine is not None and engine.abandoned_work():
        # A source stuck past the deadline (a server trickling bytes) must not hold the
        # process open once the report is out: thread pools are joined at exit.
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
