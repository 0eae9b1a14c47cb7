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
        return unified_diff(old, new, self.path)


def unified_diff(old: list[str], new: list[str], path: str) -> str:
    """A diff ``git apply`` and ``patch`` accept: a last line without a newline is marked
    ``\\ No newline at end of file``, as git writes it (difflib leaves it out)."""
    out = []
    for line in difflib.unified_diff(old, new, fromfile=f"a/{path}", tofile=f"b/{path}"):
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


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


def _decision(model_id: str, on: date, codes: set[str]) -> tuple[str | None, str, str]:
    """(replacement or None, finding code, reason when None)."""
    from opsdoc.models.catalog import load_catalog, platform_of

    catalog = load_catalog()
    if platform_of(model_id) != "anthropic":
        return (
            None,
            "",
            "Bedrock/Vertex IDs follow their platform's retirement dates: change by hand",
        )
    info = catalog.lookup(model_id)
    if info is None:
        if catalog.beyond_catalogue(model_id):
            return None, "", "newer than the bundled catalogue: not judged"
        near = catalog.nearest(model_id)
        if near is None:
            return None, "M003", "unknown ID with no plausible intended model"
        target = catalog.replacement(near, on) or (
            near.id if near.status_on(on) == "active" else None
        )
        return (target, "M003", "") if target else (None, "M003", "no current successor")
    status = info.status_on(on)
    if status == "active" or (catalog.is_alias(model_id) and status != "retired"):
        return None, "", ""
    code = "M001" if status == "retired" else "M002"
    target = catalog.replacement(info, on)
    return (target, code, "") if target else (None, code, "the catalogue names no successor")


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

    per_file: dict[str, dict[int, list[str]]] = {}
    for rec in result.records:
        if isinstance(rec, ModelRef):
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
                target, code, reason = _decision(model_id, on, codes)
                if code and code not in codes:
                    continue
                if target is None:
                    if reason:
                        unfixable.append(Unfixable(f"{rel}:{number}", model_id, reason))
                    continue
                pattern = re.compile(rf"(?<![\w.@:-]){re.escape(model_id)}(?![\w.@-])")
                new_line = pattern.sub(target, line)
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


def run(args: argparse.Namespace) -> int:
    from opsdoc.cli import UsageError, parse_as_of

    root = Path(args.path)
    if not root.is_dir():
        raise UsageError(f"{args.path}: not a directory")
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
