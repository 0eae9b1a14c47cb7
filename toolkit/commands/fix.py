"""``opsdoc fix``: safe, idempotent autofixes, shown as a unified diff unless ``--apply``.

Today one fix is safe enough to automate: a retired, deprecated or never-existing
Anthropic model ID replaced by the catalogue's current successor, in code and
config files under PATH. Safety rules: only exact whole-token matches, never a
file outside PATH, encodings, line endings and permissions kept, and nothing
changed when the new text would not differ (a second run is a no-op).
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import os
import re
import stat
import sys
import tempfile
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

FIXABLE = ("M001", "M002", "M003")


def _fixable_selection(raw: str | None) -> list[str] | None:
    """``--select`` for fix: a pattern that picks no fixable code is an error, never 0 fixes.

    Otherwise ``--select ZZZ`` (or a code with no autofix, such as T001) would report
    "0 fix(es)" and exit 0: a silent nothing a CI step would trust.
    """
    if not raw:
        return None
    patterns = [c.strip().upper() for c in raw.split(",") if c.strip()]
    for pattern in patterns:
        if pattern != "ALL" and not any(code.startswith(pattern) for code in FIXABLE):
            from opsdoc.cli import UsageError

            raise UsageError(
                f"--select: {pattern!r} selects no fixable code (fixable: {', '.join(FIXABLE)})"
            )
    return patterns or None


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
        """The unified diff, with secrets masked and control characters spelled out."""
        old = [_shown(x) for x in source_lines(self.before.decode(self.encoding))]
        new = [_shown(x) for x in source_lines(self.after.decode(self.encoding))]
        return unified_diff(old, new, _shown_path(self.path))


def source_lines(text: str) -> list[str]:
    """Lines as the parser numbers them: split only at \\n, \\r\\n and \\r.

    ``str.splitlines`` also splits at form feeds, U+2028 and other separators,
    which would shift every line number after one of them.
    """
    return io.StringIO(text, newline="").readlines()


def _shown(line: str) -> str:
    """One source line for the terminal: redacted, controls escaped, ending kept."""
    from opsdoc.redact import redact
    from opsdoc.render._common import escape_controls

    body = line.rstrip("\r\n")
    ending = "\n" if len(body) < len(line) else ""  # a last line without one stays so
    return escape_controls(redact(body), one_line=True) + ending


def _shown_path(path: str) -> str:
    from opsdoc.render._common import escape_controls

    return escape_controls(path, one_line=True)


def unified_diff(old: list[str], new: list[str], path: str) -> str:
    """A diff ``git apply`` and ``patch`` accept: a last line without a newline is marked
    ``\\ No newline at end of file``, as git writes it (difflib leaves it out)."""
    out = []
    lines = (
        _substitution_diff(old, new, path)
        if len(old) == len(new)
        else difflib.unified_diff(old, new, fromfile=f"a/{path}", tofile=f"b/{path}")
    )
    for line in lines:
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _substitution_diff(old: list[str], new: list[str], path: str, n: int = 3) -> Iterator[str]:
    """`difflib.unified_diff`'s lines for edits that replace lines one for one (every
    fix does), in time linear in the file.

    difflib treats a line repeated in over 1 % of a long file as junk: one changed line
    in a generated file of 10,000 similar calls became a diff replacing all of them.
    Hunks are grouped as difflib groups them (``n`` lines of context, merged when at
    most ``2n`` unchanged lines separate two changes)."""
    changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    if not changed:
        return
    yield f"--- a/{path}\n"
    yield f"+++ b/{path}\n"
    groups: list[list[int]] = []
    for i in changed:
        if groups and i - groups[-1][-1] <= 2 * n + 1:
            groups[-1].append(i)
        else:
            groups.append([i])
    for group in groups:
        lo, hi = max(0, group[0] - n), min(len(old), group[-1] + n + 1)
        span = _range(lo, hi)
        yield f"@@ -{span} +{span} @@\n"
        edited = set(group)
        i = lo
        while i < hi:
            if i not in edited:
                yield " " + old[i]
                i += 1
                continue
            run = i
            while run < hi and run in edited:
                run += 1
            yield from ("-" + line for line in old[i:run])
            yield from ("+" + line for line in new[i:run])
            i = run


def _range(start: int, stop: int) -> str:
    """A hunk range as difflib writes it (1-based; the length left out when 1)."""
    length = stop - start
    return f"{start + 1}" if length == 1 else f"{start + 1 if length else start},{length}"


class FixConflict(Exception):
    """Files cannot be written safely; nothing was written."""


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
            text_lines = source_lines(data.decode(encoding))
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


def check_writable(root: Path, fixes: list[FileFix]) -> list[str]:
    """Why each file may not be written (empty when all may): checked before any write.

    A file must still hold what was read, be a regular file with one link (a hard
    link would change a file elsewhere) and resolve inside ``root``.
    """
    problems: list[str] = []
    root_resolved = root.resolve()
    for fix in fixes:
        path = root / fix.path
        shown = _shown_path(fix.path)
        try:
            st = os.lstat(path)
        except OSError as exc:
            problems.append(f"{shown}: cannot be read ({exc.strerror or exc})")
            continue
        if not stat.S_ISREG(st.st_mode):
            problems.append(f"{shown}: not a regular file (a symbolic link or special file)")
            continue
        if st.st_nlink > 1:
            problems.append(f"{shown}: has {st.st_nlink} hard links; fix it by hand")
            continue
        if root_resolved not in path.resolve().parents:
            problems.append(f"{shown}: resolves outside {_shown_path(str(root))}")
            continue
        try:
            current = path.read_bytes()
        except OSError as exc:
            problems.append(f"{shown}: cannot be read ({exc.strerror or exc})")
            continue
        if current != fix.before:
            problems.append(f"{shown}: changed since it was read")
    return problems


def _write_atomic(path: Path, data: bytes) -> None:
    """Temporary file in the same folder, fsync, rename over: the file is either the
    old one or the new one, never cut. Mode (and ownership where allowed) kept."""
    st = os.stat(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".opsdoc-fix", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fchmod(fh.fileno(), stat.S_IMODE(st.st_mode))
            with contextlib.suppress(OSError):  # not ours to give away: mode is what matters
                os.fchown(fh.fileno(), st.st_uid, st.st_gid)
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def apply(root: Path, fixes: list[FileFix]) -> None:
    """Write every fix, or none when any file cannot be written safely.

    Raises `FixConflict` listing every problem before anything is written; a write
    that fails midway (disk full) leaves that file as it was and names the files
    already written.
    """
    problems = check_writable(root, fixes)
    if problems:
        raise FixConflict("nothing was changed:\n  " + "\n  ".join(problems))
    done: list[str] = []
    for fix in fixes:
        try:
            _write_atomic(root / fix.path, fix.after)
        except OSError as exc:
            written = ", ".join(done) if done else "none"
            raise FixConflict(
                f"{_shown_path(fix.path)}: could not be written ({exc.strerror or exc}); "
                f"it is unchanged. Already fixed: {written}"
            ) from None
        done.append(_shown_path(fix.path))


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
    select = _fixable_selection(args.select)
    fixes, unfixable = plan(root, on, select)
    out = sys.stdout
    if args.apply:
        try:
            apply(root, fixes)
        except FixConflict as exc:
            print(f"opsdoc fix: {exc}", file=sys.stderr)
            return 1
        for fix in fixes:
            for line, old, new in fix.replacements:
                out.write(f"fixed {_shown_path(fix.path)}:{line}: {old} -> {new}\n")
    else:
        for fix in fixes:
            out.write(fix.diff())
    for item in unfixable:
        what = f" {item.model_id}" if item.model_id else ""
        where = _shown_path(item.where)
        out.write(f"not fixed {where}{_shown_path(what)}: {_shown_path(item.reason)}\n")
    count = sum(len(f.replacements) for f in fixes)
    verb = "applied" if args.apply else "would apply (use --apply)"
    print(
        f"{count} fix(es) {verb} in {len(fixes)} file(s); {len(unfixable)} left for a human",
        file=sys.stderr,
    )
    return 0 if args.apply or not fixes else 1


__all__ = ["FixConflict", "apply", "check_writable", "configure", "plan", "run", "source_lines"]
