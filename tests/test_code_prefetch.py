"""The reading process of large scans: same facts as one process, even when it dies."""

from __future__ import annotations

import importlib.util
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsdoc.sources.base import SourceContext, SourceResult
from opsdoc.sources.code import PY_NEEDLES, CodeSource, prefetch, worth_parsing
from opsdoc.sources.code.walk import iter_files

WORKER = """import threading
from google.cloud import pubsub_v1


def run(path):
    future = pubsub_v1.SubscriberClient().subscribe(path, callback=print)
    future.result()


def start(job):
    threading.Thread(target=job, daemon=True).start()
"""
ROUTES = """from fastapi import APIRouter

router = APIRouter(prefix="/r")


@router.post("/run")
def run(payload: dict) -> dict:
    return {}
"""
LOOP = """def consume(conn):
    while True:
        item = conn.blpop(["jobs"], timeout=5)
        print(item)
"""
PLAIN = """import logging

log = logging.getLogger(__name__)


def helper(x):
    log.info("x=%s", x)
    return x
"""


def make_tree(root: Path) -> Path:
    (root / "Dockerfile").write_text('FROM python:3.11\nCMD ["python", "-m", "app.m00"]\n')
    (root / "deploy.sh").write_text("gcloud run jobs deploy worker --args=-m,app.m00\n")
    (root / "app").mkdir()
    bodies = [WORKER, ROUTES, LOOP, PLAIN, PLAIN, "def broken(:\n    job.result()\n"]
    for i in range(30):
        (root / "app" / f"m{i:02d}.py").write_text(bodies[i % len(bodies)])
    (root / "app" / "binary.py").write_bytes(b"\0\1\2")
    (root / "app" / "model.py").write_text('MODEL = "claude-3-opus-20240229"\n')
    return root


def collect(root: Path) -> SourceResult:
    ctx = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=str(root), deadline_s=30)
    return CodeSource(str(root)).collect(ctx)


def outcome(result: SourceResult) -> tuple[object, ...]:
    return (result.detail, result.records, result.problems)


@pytest.fixture
def serial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, tuple[object, ...]]:
    root = make_tree(tmp_path)
    monkeypatch.setattr(prefetch, "MIN_FILES", 10**9)
    expected = outcome(collect(root))
    # the binary file is skipped; one module that merely logs is parsed for L001
    assert str(expected[0]).startswith("33 files, 16 parsed")
    assert len(expected[2]) == 5  # type: ignore[arg-type]  # the five broken modules
    return root, expected


def test_reading_process_gives_the_facts_of_one_process(
    serial: tuple[Path, tuple[object, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, expected = serial
    forks: list[int] = []
    real_init = prefetch.Prefetch.__init__

    def counting_init(self: prefetch.Prefetch, *args: object) -> None:
        forks.append(1)
        real_init(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(prefetch.Prefetch, "__init__", counting_init)
    monkeypatch.setattr(prefetch, "MIN_FILES", 1)
    monkeypatch.setattr(prefetch, "BATCH_FILES", 4)  # many frames
    assert outcome(collect(root)) == expected
    assert forks == [1]


@pytest.mark.parametrize("held", [False, True])
def test_the_parent_reads_from_the_end_instead_of_waiting(
    serial: tuple[Path, tuple[object, ...]], monkeypatch: pytest.MonkeyPatch, held: bool
) -> None:
    """A slow child is not waited for: the parent reads what is left, last file first.

    The held child sends nothing until it is killed, so a parent that ever waited
    for it would show up as a wait on the pipe; none happens, and the parent read
    every file itself, from the last one down.
    """
    root, expected = serial
    real_child, real_read = prefetch._child, prefetch.read_file
    real_receive = prefetch.Prefetch._receive
    parent_reads: list[str] = []
    waits: list[int] = []

    def held_child(files, worth, fd, reduce):  # type: ignore[no-untyped-def]
        if held:
            time.sleep(600)  # killed by the parent once it has read everything itself
        real_child(files, worth, fd, reduce)

    def counted(f, *args):  # type: ignore[no-untyped-def]
        parent_reads.append(f.rel)  # in the child this list is its own copy
        return real_read(f, *args)

    def receive(self: prefetch.Prefetch) -> bool:
        waits.append(1)
        return real_receive(self)

    monkeypatch.setattr(prefetch, "MIN_FILES", 1)
    monkeypatch.setattr(prefetch, "_child", held_child)
    monkeypatch.setattr(prefetch, "read_file", counted)
    monkeypatch.setattr(prefetch.Prefetch, "_receive", receive)
    assert outcome(collect(root)) == expected
    order = [f.rel for f in iter_files(str(root))]
    if held:
        assert waits == []  # never waited for the child
        assert len(parent_reads) == len(order)  # every file, from the last one down
    assert parent_reads == order[::-1][: len(parent_reads)]


@pytest.mark.parametrize("sent", [0, 5, 17])
def test_a_reading_process_that_dies_loses_no_fact(
    serial: tuple[Path, tuple[object, ...]], monkeypatch: pytest.MonkeyPatch, sent: int
) -> None:
    root, expected = serial

    def dying_child(files, worth, fd, reduce):  # type: ignore[no-untyped-def]
        with open(fd, "wb") as out:
            batch = []
            for i, f in enumerate(files[:sent]):
                read = prefetch.read_file(f, worth, reduce)
                cut = read.reduced and (read.reduced.text, read.reduced.removed)
                batch.append((i, read.data, read.problem, read.flags, cut))
            prefetch._send(out, batch)
            out.write(b"\xff\xff\x00\x00garbage")  # a frame cut short
        os._exit(3)

    monkeypatch.setattr(prefetch, "MIN_FILES", 1)
    monkeypatch.setattr(prefetch, "_child", dying_child)
    assert outcome(collect(root)) == expected


FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_TREES = sorted(
    p for group in ("code", "rq_apps") for p in (FIXTURES / group).iterdir() if p.is_dir()
)


def both_ways(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """The outcome of one process, then that of two (forced even on a small tree)."""
    with monkeypatch.context() as m:
        m.setattr(prefetch, "MIN_FILES", 10**9)
        serial = outcome(collect(root))
    with monkeypatch.context() as m:
        m.setattr(prefetch, "MIN_FILES", 1)
        m.setattr(prefetch, "BATCH_FILES", 3)
        forked = outcome(collect(root))
    return serial, forked


@pytest.mark.parametrize("root", FIXTURE_TREES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_two_processes_match_one_on_every_fixture(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial, forked = both_ways(root, monkeypatch)
    assert forked == serial


def test_two_processes_match_one_on_the_benchmark_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The generated project the speed target is measured on, at a fifth of its size."""
    script = Path(__file__).parents[1] / "benchmarks" / "scan.py"
    spec = importlib.util.spec_from_file_location("scan_benchmark", script)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.generate(tmp_path, 1000, 7)
    serial, forked = both_ways(tmp_path, monkeypatch)
    assert str(serial[0]).startswith("1002 files, ")  # type: ignore[index]
    assert len(serial[1]) > 20  # type: ignore[arg-type,index]
    assert forked == serial


def test_every_needle_alone_makes_a_file_worth_parsing() -> None:
    """The pre-filter folds needles into shared scans; none may be lost by it."""
    filler = b"import json\n\n\ndef f(x):\n    return json.dumps(x)\n"
    assert not worth_parsing(filler)
    for needle in PY_NEEDLES:
        assert worth_parsing(filler + b"x = " + needle + b"\n"), needle
    for near_miss in (b"from __future__ import annotations", b"AppConfig", b"make_future"):
        assert not worth_parsing(filler + near_miss), near_miss
