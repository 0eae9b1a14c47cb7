"""Precision and recall of opsdoc on real code: the repositories of `corpus.toml`.

Fetches each repository at its pinned commit (or sdist at its pinned version and
sha256), runs ``opsdoc diagnose TREE --offline --format json`` on it, and scores every
finding at warning or above against ``verdicts.toml`` (one line per finding: true or
false, with the reason). Prints the precision per code family (A, T, M, L, ...), the
recall on the known bugs the corpus pins, the findings on the libraries that must stay
clean (rq, redis-py, anthropic, textual, the google-cloud clients, opsdoc itself), and
every finding that has no verdict yet.

    python benchmarks/precision/run.py                        # fetch (network) and run
    python benchmarks/precision/run.py --source-dir trees/    # trees/<name> already unpacked
    python benchmarks/precision/run.py --only redash,aiomqtt  # a few repositories
    python benchmarks/precision/run.py --save out/ ; ... --reports out/   # score saved reports

Fetched trees are kept under ``--work`` (default ``~/.cache/opsdoc-precision``) and
reused. This is a benchmark, not a unit test: it needs the network (or the unpacked
trees) and takes minutes.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RANKED = ("warning", "error", "critical")


@dataclass
class Bug:
    id: str
    code: str
    file: str
    evidence: str
    what: str


@dataclass
class Target:
    name: str
    source: str
    kind: str = ""
    sha256: str = ""
    clean: bool = False
    bugs: list[Bug] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    """Folders of the tree to scan (a monorepo of samples); empty: the whole tree."""


@dataclass
class Verdict:
    repo: str
    code: str
    key: str
    verdict: bool
    reason: str
    used: bool = False


def load_corpus(path: Path) -> list[Target]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for r in data.get("repo", []):
        bugs = [Bug(**b) for b in r.get("bug", [])]
        out.append(
            Target(
                r["name"],
                r["source"],
                r.get("kind", ""),
                r.get("sha256", ""),
                False,
                bugs,
                list(r.get("paths", [])),
            )
        )
    for r in data.get("clean", []):
        out.append(Target(r["name"], r["source"], r.get("kind", ""), "", True))
    return out


def load_verdicts(path: Path) -> list[Verdict]:
    if not path.exists():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for v in data.get("finding", []):
        key = v.get("key") or f"{v['file']}:{v['line']}"
        out.append(Verdict(v["repo"], v["code"], key, bool(v["verdict"]), v.get("reason", "")))
    return out


def fetch(t: Target, work: Path) -> Path:
    """The unpacked tree of ``t`` under ``work``, fetched once."""
    dest = work / t.name
    if dest.exists():
        return dest
    kind, _, spec = t.source.partition(":")
    tmp = Path(tempfile.mkdtemp(dir=work, prefix=f".{t.name}-"))
    try:
        if kind == "github":
            slug, _, commit = spec.partition("@")
            git = ["git", "-C", str(tmp)]
            subprocess.run(["git", "init", "-q", str(tmp)], check=True)
            subprocess.run(
                [*git, "fetch", "-q", "--depth", "1", f"https://github.com/{slug}.git", commit],
                check=True,
            )
            subprocess.run(
                [*git, "-c", "advice.detachedHead=false", "checkout", "-q", commit], check=True
            )
            shutil.rmtree(tmp / ".git")
        elif kind == "pypi":
            dl = tmp / "dl"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "-q",
                    "--no-deps",
                    "--no-binary",
                    ":all:",
                    spec,
                    "-d",
                    str(dl),
                ],
                check=True,
            )
            (archive,) = list(dl.iterdir())
            digest = hashlib.sha256(archive.read_bytes()).hexdigest()
            if t.sha256 and digest != t.sha256:
                raise SystemExit(f"{t.name}: sha256 {digest} does not match the pinned {t.sha256}")
            out = tmp / "src"
            if archive.suffix == ".zip":
                with zipfile.ZipFile(archive) as z:
                    z.extractall(out)
            else:
                with tarfile.open(archive) as tf:
                    tf.extractall(out, filter="data")
            shutil.rmtree(dl)
        else:
            raise SystemExit(f"{t.name}: unknown source {t.source!r}")
        tmp.rename(dest)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return dest


def local_tree(t: Target) -> tuple[Path, str]:
    """The tree and version of a clean target: an installed package, or opsdoc itself."""
    kind, _, spec = t.source.partition(":")
    if kind == "self":
        rev = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        return ROOT, f"working tree at {rev or '?'}"
    parts = spec.split("/")
    found = importlib.util.find_spec(parts[0])
    if found is None or not found.submodule_search_locations:
        raise SystemExit(f"{t.name}: package {parts[0]!r} is not installed")
    base = Path(next(iter(found.submodule_search_locations)))
    tree = base.joinpath(*parts[1:])
    dist = {"google": "google-cloud-pubsub", "redis": "redis"}.get(parts[0], parts[0])
    try:
        from importlib.metadata import version

        ver = version(dist)
    except Exception:
        ver = "?"
    return tree, f"{dist} {ver} (installed)"


def diagnose(tree: Path, timeout: float, paths: list[str] | None = None) -> dict:
    """opsdoc's JSON report on ``tree`` (or on its ``paths`` only, run from the tree so
    subjects stay relative to its root)."""
    cmd = [
        sys.executable, "-m", "opsdoc", "diagnose", *(paths or [str(tree)]), "--offline",
        "--format", "json", "--exit-zero", "--timeout", str(timeout),
    ]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tree if paths else None)
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError:
        raise SystemExit(  # noqa: B904 (the JSON error says nothing the stderr tail does not)
            f"opsdoc gave no JSON on {tree} (exit {proc.returncode}): {proc.stderr[-2000:]}"
        )


def family(code: str) -> str:
    return code[:1]


def subject_file(subject: str) -> str:
    path, sep, line = subject.rpartition(":")
    return path if sep and line.isdigit() else subject


def ranked(report: dict) -> list[dict]:
    return [
        f
        for f in report.get("findings", [])
        if f.get("severity") in RANKED and not f.get("suppressed")
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=HERE / "corpus.toml")
    ap.add_argument("--verdicts", type=Path, default=HERE / "verdicts.toml")
    ap.add_argument(
        "--source-dir", type=Path, help="use already-unpacked trees DIR/<name> (offline)"
    )
    ap.add_argument("--work", type=Path, default=Path.home() / ".cache" / "opsdoc-precision")
    ap.add_argument("--only", default="", help="comma-separated names")
    ap.add_argument("--timeout", type=float, default=1200.0, help="opsdoc --timeout per tree")
    ap.add_argument("--save", type=Path, help="write each JSON report to DIR/<name>.json")
    ap.add_argument(
        "--reports",
        type=Path,
        help="score reports saved earlier with --save (DIR/<name>.json) instead of running opsdoc",
    )
    args = ap.parse_args(argv)

    targets = load_corpus(args.corpus)
    if args.only:
        names = {n.strip() for n in args.only.split(",")}
        targets = [t for t in targets if t.name in names]
    verdicts = load_verdicts(args.verdicts)
    by_key: dict[tuple[str, str, str], Verdict] = {(v.repo, v.code, v.key): v for v in verdicts}
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
    if not args.source_dir and not args.reports:
        args.work.mkdir(parents=True, exist_ok=True)

    tally: dict[str, Counter[str]] = defaultdict(Counter)
    unjudged: list[str] = []
    false_pos: list[str] = []
    recall: list[tuple[Bug, str, str]] = []
    clean_hits: list[str] = []
    repos = findings_total = 0
    scored: set[str] = set()
    started = time.monotonic()
    print(f"opsdoc precision corpus: {len(targets)} targets, {time.strftime('%Y-%m-%d')}")
    for t in targets:
        t0 = time.monotonic()
        if args.reports:
            saved = args.reports / f"{t.name}.json"
            if not saved.exists():
                print(f"  {t.name:<24} no saved report")
                continue
            report, ver = json.loads(saved.read_text(encoding="utf-8")), f"saved {saved}"
        else:
            if t.clean:
                tree, ver = local_tree(t)
            else:
                tree = (args.source_dir / t.name) if args.source_dir else fetch(t, args.work)
                ver = t.source
                if not tree.is_dir():
                    raise SystemExit(f"{t.name}: no tree at {tree}")
            report = diagnose(tree, args.timeout, t.paths)
        secs = time.monotonic() - t0
        scored.add(t.name)
        if args.save:
            (args.save / f"{t.name}.json").write_text(
                json.dumps(report, indent=1), encoding="utf-8"
            )
        found = ranked(report)
        failed = [s["name"] for s in report.get("sources", []) if s.get("status") != "ok"]
        note = f"  (source failed: {', '.join(failed)})" if failed else ""
        print(f"  {t.name:<24} {len(found):>3} at warning+  {secs:6.1f}s  {ver}{note}")
        if t.clean:
            clean_hits += [f"{t.name}: {f['code']} {f['severity']} {f['subject']}" for f in found]
            continue
        repos += 1
        findings_total += len(found)
        for f in found:
            v = by_key.get((t.name, f["code"], f["subject"]))
            fam = family(f["code"])
            line = f"{t.name}: {f['code']} {f['severity']} {f['subject']}: {f['summary'][:160]}"
            if v is None:
                tally[fam]["unjudged"] += 1
                unjudged.append(line)
                continue
            v.used = True
            tally[fam]["true" if v.verdict else "false"] += 1
            if not v.verdict:
                false_pos.append(f"{line}\n      why false: {v.reason}")
        for bug in t.bugs:
            hit = next(
                (
                    f
                    for f in found
                    if f["code"] == bug.code
                    and any(
                        subject_file(e.get("ref", "")) == bug.file
                        and bug.evidence in e.get("quote", "")
                        for e in f.get("evidence", [])
                    )
                ),
                None,
            )
            recall.append((bug, t.name, f"{hit['severity']} {hit['subject']}" if hit else ""))

    print(f"\n{repos} repositories, {findings_total} findings at warning or above, "
          f"{time.monotonic() - started:.0f}s")  # fmt: skip
    print("\nprecision at warning+ per family (true / judged; unjudged not counted):")
    for fam in sorted(tally):
        c = tally[fam]
        judged = c["true"] + c["false"]
        pct = f"{100 * c['true'] / judged:5.1f} %" if judged else "    -  "
        print(f"  {fam}  {pct}  {c['true']:>3} / {judged:<3}  unjudged {c['unjudged']}")
    print("\nrecall on known bugs (found at warning or above):")
    for bug, _name, hit in recall:
        print(f"  {'found ' if hit else 'MISSED'} {bug.id:<22} {bug.code} {bug.file}  {hit}")
    if recall:
        print(f"  {sum(1 for *_, h in recall if h)} of {len(recall)} found")
    print("\nclean libraries (expect nothing at warning+):")
    print("  " + ("\n  ".join(clean_hits) if clean_hits else "none"))
    if false_pos:
        print("\nfalse positives:")
        print("  " + "\n  ".join(false_pos))
    if unjudged:
        print("\nfindings without a verdict (add them to verdicts.toml):")
        print("  " + "\n  ".join(unjudged))
    judged_repos = scored
    stale = [v for v in verdicts if not v.used and v.repo in judged_repos]
    if stale:
        print("\nverdicts no finding matched (fixed, or the finding moved):")
        for v in stale:
            print(f"  {v.repo}: {v.code} {v.key} ({'true' if v.verdict else 'false'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
