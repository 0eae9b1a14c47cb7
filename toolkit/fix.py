"""``opsdoc fix``: safe, idempotent autofixes, shown as a unified diff unless ``--apply``.

Today one fix is safe enough to automate: a retired, deprecated or never-existing
Anthropic model ID replaced by the catalogue's current successor, in code and
config files under PATH. Safety rules: only exact whole-token matches, never a
file outside PATH, encodings, line endings and permissions kept, and nothing
changed when the new text would not differ (a second run is a no-op).
"""

from __future__ import annotations

import argparse
import difflib
import io
import re
import sys
import tokenize
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

FIXABLE = ("M001", "M002", "M003")


@dataclass
class FileFix:
    """The edits to one file."""

    path: str
    """Relative to PATH, ``/``-separated."""
    before: bytes
    after: bytes
    encoding: str
    replacements: list[tuple[int, str, str]] = field(default_factory=list)
    """(line, old id, new id)."""

    def diff(self) -> str:
        old = self.before.decode(self.encoding).splitlines(keepends=True)
        new = self.after.decode(self.encoding).splitlines(keepends=True)
        return "".join(
            difflib.unified_diff(old, new, fromfile=f"a/{self.path}", tofile=f"b/{self.path}")
        )


@dataclass
class Unfixable:
    """A model ID opsdoc found but will not change on its own, and why."""

    where: str
    model_id: str
    reason: str


def _encoding(path: str, data: bytes) -> str:
    if path.endswith(".py"):
        try:
            return tokenize.detect_encoding(io.BytesIO(data).readline)[0]
        except SyntaxError:
            return "utf-8"
    return "utf-8"


def replace_in_line(line: str, old: str, new: str) -> str:
    """``line`` with every whole-token ``old`` model ID replaced by ``new`` (a router prefix
    such as ``anthropic/`` before it stays)."""
    pattern = re.compile(rf"(?<![\w.@:-]){re.escape(old)}(?![\w.@-])")
    return pattern.sub(lambda _m: new, line)


def _decision(model_id: str, on: date) -> tuple[str | None, str, str]:
    """(replacement or None, finding code, reason when None): the same verdict the M
    checks give (`opsdoc.models.verdict.judge`), so a finding's diff is what fix does."""
    from opsdoc.models.catalog import load_catalog
    from opsdoc.models.sdk import installed_sdk
    from opsdoc.models.verdict import UNKNOWN, judge

    verdict = judge(load_catalog(), model_id, on, installed_sdk())
    if verdict.kind == UNKNOWN:
        return None, "", "unknown to the catalogue (it may be newer): not judged"
    if not verdict.code:
        return None, "", ""
    if verdict.replacement:
        return verdict.replacement, verdict.code, ""
    return None, verdict.code, verdict.reason


def plan(
    root: Path, on: date, select: list[str] | None = None
) -> tuple[list[FileFix], list[Unfixable]]:
    """Every fix under ``root``; reads files, writes nothing."""
    from opsdoc.selection import matches
    from opsdoc.sources.base import SourceContext
    from opsdoc.sources.code import CodeSource

    codes = {c for c in FIXABLE if matches(c, select or ["ALL"])}
    result = CodeSource(str(root)).collect(
        SourceContext(as_of=datetime.now(UTC), root=str(root), deadline_s=120)
    )
    from opsdoc.evidence import ModelRef
    from opsdoc.models.extract import IN_USE_CONTEXTS

    per_file: dict[str, dict[int, list[str]]] = {}
    for rec in result.records:
        # Only IDs a request uses: a retired ID in a pricing table or a doc is history.
        if isinstance(rec, ModelRef) and rec.context in IN_USE_CONTEXTS:
            path, _, line = rec.ref.location.rpartition(":")
            if line.isdigit():
                per_file.setdefault(path, {}).setdefault(int(line), []).append(rec.model_id)
    fixes: list[FileFix] = []
    unfixable: list[Unfixable] = []
    root_resolved = root.resolve()
    for rel, lines in sorted(per_file.items()):
        target_path = (root / rel).resolve()
        if root_resolved not in target_path.parents:
            continue  # never touch files outside PATH (symlinks included)
        data = target_path.read_bytes()
        encoding = _encoding(rel, data)
        try:
            text_lines = data.decode(encoding).splitlines(keepends=True)
        except UnicodeDecodeError:
            unfixable.append(Unfixable(rel, "", f"not decodable as {encoding}"))
            continue
        fix = FileFix(rel, data, data, encoding)
        for number, ids in sorted(lines.items()):
            if number > len(text_lines):
                continue
            line = text_lines[number - 1]
            for model_id in dict.fromkeys(ids):
                target, code, reason = _decision(model_id, on)
                if code and code not in codes:
                    continue
                if target is None:
                    if reason:
                        unfixable.append(Unfixable(f"{rel}:{number}", model_id, reason))
                    continue
                new_line = replace_in_line(line, model_id, target)
                if new_line != line:
                    line = new_line
                    fix.replacements.append((number, model_id, target))
            text_lines[number - 1] = line
        if fix.replacements:
            fix.after = "".join(text_lines).encode(encoding)
            fixes.append(fix)
    return fixes, unfixable


def apply(root: Path, fixes: list[FileFix]) -> None:
    """Write fixes in place (same inode: permissions and ownership stay)."""
    for fix in fixes:
        path = root / fix.path
        if path.read_bytes() != fix.before:
            raise RuntimeError(f"{fix.path} changed while fixing; run again")
        with open(path, "r+b") as fh:
            fh.write(fix.after)
            fh.truncate()


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default=".", help="project to fix (default: .)")
    parser.add_argument("--select", help="codes or prefixes to fix (default: all fixable)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--diff", action="store_true", help="show the changes (default)")
    mode.add_argument("--apply", action="store_true", help="write the changes")
    parser.add_argument(
        "--as-of", metavar="TIMESTAMP", help="date for retirement decisions (default: today)"
    )
    parser.add_argument(
        "--models-catalog", metavar="FILE", help="model catalogue file (see `opsdoc models`)"
    )


def run(args: argparse.Namespace) -> int:
    from opsdoc.cli import UsageError, parse_as_of, use_models_catalog

    root = Path(args.path)
    if not root.is_dir():
        raise UsageError(f"{args.path}: not a directory")
    catalog_file = args.models_catalog
    if not catalog_file:
        from opsdoc.config import ConfigError, find_config, load_config

        try:
            catalog_file = load_config(find_config(root)).models_catalog
        except ConfigError as exc:
            raise UsageError(str(exc)) from None
    use_models_catalog(catalog_file)
    on = (parse_as_of(args.as_of) if args.as_of else datetime.now(UTC)).date()
    select = [c.strip().upper() for c in args.select.split(",")] if args.select else None
    fixes, unfixable = plan(root, on, select)
    out = sys.stdout
    if args.apply:
        apply(root, fixes)
        for fix in fixes:
            for line, old, new in fix.replacements:
                out.write(f"fixed {fix.path}:{line}: {old} -> {new}\n")
    else:
        for fix in fixes:
            out.write(fix.diff())
    for item in unfixable:
        what = f" {item.model_id}" if item.model_id else ""
        out.write(f"not fixed {item.where}{what}: {item.reason}\n")
    count = sum(len(f.replacements) for f in fixes)
    verb = "applied" if args.apply else "would apply (use --apply)"
    print(
        f"{count} fix(es) {verb} in {len(fixes)} file(s); {len(unfixable)} left for a human",
        file=sys.stderr,
    )
    return 0 if args.apply or not fixes else 1


__all__ = ["apply", "configure", "plan", "run"]
