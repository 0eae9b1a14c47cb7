"""Speed of the code source against a plain text search over the same triggers.

Usage: python benchmarks/scan.py [--files 5000] [--seed 7] [--keep]

Generates a Python project of N files (realistic module sizes, nested packages,
a few config files, ~5 % of modules holding a trigger pattern: a subscribe
future waited on, a consume loop, an HTTP route, a background thread) in a
temporary directory, three times. Then times ``CodeSource.collect`` (one cold
run per tree, best of three; as shipped, parsing whole files, and without the
reading process) against ``rg`` (or ``grep -rE`` when rg is absent) searching every
trigger of the pre-filter, and prints the figures and the ratio. Target: code
source <= 5x the text search.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from opsdoc.sources.base import SourceContext
from opsdoc.sources.code import PY_NEEDLES, CodeSource, prefetch


def _ere(needle: bytes) -> str:
    return re.sub(r"([.()\[\]{}*+?|^$\\])", r"\\\1", needle.decode())


TRIGGER_ERE = "|".join(
    [
        *map(_ere, PY_NEEDLES),
        r"@[A-Za-z0-9_.]*\b(job|task|shared_task|actor|periodic_task|db_task)\b",
        r"@[A-Za-z0-9_]+\.(get|post|put|patch|delete|head|options|trace|route|api_route)\(",
        r"while\s+(True\b|1\b|not\b|[A-Za-z0-9_.]+\s*:|[A-Za-z0-9_.]+\(\)\s*:)",
    ]
)
"""Every trigger of the pre-filter as one POSIX ERE (a loop counts even without a consume call)."""

HEADER = '''"""{doc}"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)
'''

FILLER = """

@dataclass
class {cls}:
    name: str
    size: int = 0

    def describe(self, options: dict) -> str:
        label = options.get("label", self.name)
        parts = [label.upper(), str(self.size)]
        for key, value in sorted(options.items()):
            if value is None:
                continue
            parts.append(f"{{key}}={{value}}")
        return " ".join(parts)


def {func}(items: list[dict], limit: int = {limit}) -> list[str]:
    out = []
    for item in items[:limit]:
        record = {cls}(item.get("name", ""), int(item.get("size", 0)))
        out.append(record.describe(item))
        log.debug("processed %s", record.name)
    return out


def load_{func}(text: str) -> list[dict]:
    data = json.loads(text)
    return [row for row in data if isinstance(row, dict)]
"""

LOOP_FILLER = """

def retry_{func}(fetch, attempts: int = 3):
    tries = 0
    while tries < attempts:
        value = fetch.get("value")
        if value:
            return value
        tries += 1
    return None
"""

TRIGGERS = [
    """

from google.cloud import pubsub_v1


class Listener{n}:
    def run(self, path: str) -> None:
        self.subscriber = pubsub_v1.SubscriberClient()
        future = self.subscriber.subscribe(path, callback=print)
        future.result()
""",
    """

from fastapi import APIRouter
import subprocess

router = APIRouter(prefix="/r{n}")


@router.post("/run")
def run_{n}(payload: dict) -> dict:
    subprocess.run(["sleep", "1"], check=True)
    return {{}}
""",
    """

import threading


def start_{n}(job) -> None:
    threading.Thread(target=job, daemon=True).start()
""",
    """

def consume_{n}(conn) -> None:
    while True:
        item = conn.blpop(["jobs"], timeout=5)
        print(item)
""",
]


def generate(root: Path, files: int, seed: int) -> None:
    rng = random.Random(seed)
    (root / ".gitignore").write_text("*.pyc\n__pycache__/\n.venv/\n")
    (root / "Dockerfile").write_text('FROM python:3.11\nCMD ["python", "-m", "pkg00.mod000"]\n')
    (root / "deploy.sh").write_text("gcloud run jobs deploy worker --args=-m,pkg00.mod000\n")
    per_pkg = 100
    for i in range(files):
        pkg = root / f"pkg{i // per_pkg:02d}" / f"sub{(i // 25) % 4}"
        pkg.mkdir(parents=True, exist_ok=True)
        body = [HEADER.format(doc=f"Module {i}: data helpers.")]
        for j in range(rng.randint(1, 6)):
            body.append(
                FILLER.format(cls=f"Item{j}", func=f"render_{j}", limit=rng.randint(5, 500))
            )
        if rng.random() < 0.03:
            body.append(LOOP_FILLER.format(func=f"r{i}"))
        if rng.random() < 0.05:
            body.append(rng.choice(TRIGGERS).format(n=i))
        (pkg / f"mod{i % per_pkg:03d}.py").write_text("".join(body))


def time_text_search(root: Path) -> tuple[str, float]:
    rg = shutil.which("rg")
    if rg:
        cmd = [rg, "-l", "--type", "py", "-e", TRIGGER_ERE, str(root)]
        tool = "rg"
    else:
        cmd = ["grep", "-rlE", "--include=*.py", TRIGGER_ERE, str(root)]
        tool = "grep -rE"
    subprocess.run(cmd, capture_output=True, check=False)  # warm the page cache
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        best = min(best, time.perf_counter() - t0)
    return tool, best


def time_code_source(
    roots: list[Path], serial: bool = False, reduce: bool = True
) -> tuple[float, int, str]:
    """Best of one cold ``collect`` per freshly generated tree (nothing carried over).

    ``serial`` disables the reading process and ``reduce=False`` parses whole files,
    to show what each is worth.
    """
    best, records, detail = float("inf"), 0, ""
    saved = prefetch.MIN_FILES
    if serial:
        prefetch.MIN_FILES = sys.maxsize
    try:
        for root in roots:
            ctx = SourceContext(as_of=datetime.now(UTC), root=str(root), deadline_s=600)
            t0 = time.perf_counter()
            result = CodeSource(str(root), timeout_s=600, reduce=reduce).collect(ctx)
            best = min(best, time.perf_counter() - t0)
            records, detail = len(result.records), result.detail
    finally:
        prefetch.MIN_FILES = saved
    return best, records, detail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the generated tree")
    args = parser.parse_args(argv)
    base = Path(tempfile.mkdtemp(prefix="opsdoc-scan-bench-"))
    try:
        roots = [base / f"tree{i}" for i in range(3)]
        for root in roots:
            root.mkdir()
            generate(root, args.files, args.seed)
        size_mb = sum(p.stat().st_size for p in roots[0].rglob("*.py")) / 1e6
        tool, text_s = time_text_search(roots[0])
        whole_s, _, _ = time_code_source(roots, reduce=False)
        serial_s, _, _ = time_code_source(roots, serial=True)
        code_s, records, detail = time_code_source(roots)
        ratio = code_s / text_s if text_s else float("inf")
        print(f"tree: {args.files} Python files, {size_mb:.1f} MB")
        print(f"{tool}: {text_s:.3f} s")
        print(f"CodeSource.collect, whole files parsed: {whole_s:.3f} s")
        print(f"CodeSource.collect, one process: {serial_s:.3f} s")
        print(f"CodeSource.collect: {code_s:.3f} s ({records} facts; {detail})")
        print(f"ratio: {ratio:.1f}x (target <= 5x)")
        if args.keep:
            print(f"kept: {base}")
        return 0 if ratio <= 5 else 1
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
