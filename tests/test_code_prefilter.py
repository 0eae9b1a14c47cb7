"""The fast pre-filter answers exactly as its specification read literally, on any bytes."""

from __future__ import annotations

import functools
import itertools
import os
import random
import re
import site
import sysconfig
from collections.abc import Callable
from pathlib import Path

import pytest

from opsdoc.sources.code import PY_CONSUME, PY_LOOP, PY_NEEDLES, TRIGGERS, walk, worth_parsing
from opsdoc.sources.code import prefilter as pf
from opsdoc.sources.code.prefilter import (
    Prefilter,
    Triggers,
    choose_anchors,
    literal_prefix,
    worth_parsing_reference,
)

FILLER = b"import json\n\n\ndef f(x):\n    return json.dumps(x)\n"
LOOPS = (
    b"while True:",
    b"while 1:",
    b"while not stop:",
    b"while self.alive :",
    b"while more():",
    b"while\tq.ready():",
    b"while  True",
    b"awhile True:",
)
NOT_LOOPS = (b"while x < 3:", b"whileTrue:", b"while (x):", b"while Truex:", b"while self.alive()")
CONSUMES = (
    b"q.get(",
    b"r.blpop(",
    b"r.brpoplpush(",
    b"sub.receive_messages(",
    b"r.xreadgroup(",
    b"r.bzpopmin(",
    b"c.consume(",
    b"c.poll(",
    b"c.fetch(",
    b"q.dequeue_job(",
    b"s.pull(",
    b"r.blmove(",
)
NOT_CONSUMES = (b"get(", b".get (", b".getx(", b".bzpop(", b".Get(")
DECORATORS = (
    b"@app.get(",
    b"@router.post(",
    b"@bp.route(",
    b"@api.api_route(",
    b"@shared_task",
    b"@celery.task(",
    b"@rq.job\n",
    b"@dramatiq.actor",
    b"@huey.periodic_task(",
    b"@huey.db_task()",
    b"@app.getx(",
    b"@ app.get(",
    b"@app.get (",
    b"@app.tasks",
    b"@x.taskforce",
    b"@caf\xe9.get(",
    b"@\xe9job",
)


def corpus(triggers: Triggers, seed: int = 7) -> list[bytes]:
    """Inputs on the edges of the triggers: alone, at either end, split, mutated, overlapped."""
    needles = list(triggers.needles)
    anchors = bytes(sorted(Prefilter(triggers).anchors))
    odd = sorted(set(anchors) | set(b" \n\t\x00\x01\x7f\x80\xe9\xff"))
    cases = [b"", FILLER, b"\x00" * 64, anchors * 8]
    for w in needles:
        cases += [w, FILLER + w, w + FILLER, FILLER + w + FILLER, b"\x80" + w + b"\xff"]
        cases += [w[1:], w[:-1], FILLER + w[:-1], w[1:] + FILLER, w + w]
        for i in range(1, len(w)):
            cases += [FILLER + w[:i] + bytes([b]) + w[i:] for b in odd]  # split by a byte
        for i in range(len(w)):
            # one byte replaced: by another anchor it translates the same
            cases += [w[:i] + bytes([b]) + w[i + 1 :] for b in odd if b != w[i]]
    for a, b in itertools.product(needles, repeat=2):
        cases.append(a + b)
        cases += [a + b[k:] for k in range(1, min(len(a), len(b))) if a[-k:] == b[:k]]
    for loop, consume in itertools.product(LOOPS + NOT_LOOPS, CONSUMES + NOT_CONSUMES):
        cases.append(loop + b"\n    item = " + consume + b"5)\n")
        cases.append(consume + b")\n" + FILLER + loop + b"\n    pass\n")
    for loop in LOOPS + NOT_LOOPS:
        cases += [loop, loop + b"\n", FILLER + loop]
        for w in needles:
            cases.append(loop + b"\n    pass\n" + w)  # a loop first, the needle later
            cases.append(b"while " + w + b":\n")  # the needle inside the loop's match
            cases.append(loop * 3 + w[:-1] + b"\n" + w)
    cases += [FILLER + d + b"\n" for d in DECORATORS] + list(DECORATORS)
    rng = random.Random(seed)
    pieces = [
        *needles,
        *(w[: len(w) // 2] for w in needles),
        *(w[len(w) // 2 :] for w in needles),
        *LOOPS,
        *NOT_LOOPS,
        *CONSUMES,
        *NOT_CONSUMES,
        *DECORATORS,
        *(bytes([b]) for b in odd),
    ]
    for _ in range(4000):
        parts = [rng.choice(pieces) for _ in range(rng.randint(1, 6))]
        if rng.random() < 0.3:
            parts.insert(rng.randrange(len(parts) + 1), rng.randbytes(rng.randint(1, 12)))
        cases.append(b"".join(parts))
    return cases


CORPUS = corpus(TRIGGERS)


@functools.cache
def expected() -> list[bool]:
    """The reference answers on `CORPUS`, computed once for the tests that share them."""
    return [worth_parsing_reference(d, TRIGGERS) for d in CORPUS]


def mismatches(
    fast: Callable[[bytes], bool], triggers: Triggers, cases: list[bytes]
) -> list[bytes]:
    return [d for d in cases if fast(d) != worth_parsing_reference(d, triggers)]


def corpus_mismatches(fast: Callable[[bytes], bool]) -> list[bytes]:
    return [d for d, want in zip(CORPUS, expected(), strict=True) if fast(d) != want]


def test_same_answer_as_the_reference_on_edge_cases() -> None:
    answers = expected()
    assert 0.2 < sum(answers) / len(answers) < 0.8  # both answers are well represented
    assert corpus_mismatches(worth_parsing) == []


def installed_python_files() -> list[str]:
    roots = {*site.getsitepackages(), sysconfig.get_paths()["purelib"]}
    return sorted(
        os.path.join(directory, name)
        for root in roots
        for directory, _, names in os.walk(root)
        for name in names
        if name.endswith(".py")
    )


def test_same_answer_as_the_reference_on_every_installed_python_file() -> None:
    wrong, worth, seen = [], 0, 0
    for path in installed_python_files():
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:  # a dangling link
            continue
        seen += 1
        want = worth_parsing_reference(data, TRIGGERS)
        worth += want
        if worth_parsing(data) != want:
            wrong.append(path)
    assert seen > 1000
    assert 0 < worth < seen
    assert wrong == []


@pytest.mark.parametrize(
    ("data", "worth"),
    [
        (b"", False),
        (b"while True:\n    time.sleep(1)\n", True),  # a keep-alive loop
        (b"while True:\n    print(1)\n", False),
        (b"while True:\n    job = q.get(timeout=5)\n", True),
        (b"job = q.get(timeout=5)\nwhile True:\n    pass\n", True),
        (b"while True:\n    pass\n" + FILLER + b"threading.Thread(target=f)\n", True),
        (b"while forever:\n    pass\n", True),  # a needle inside the loop's match
        (b"x.resglt(1)\n", False),  # translated, g and u are the same anchor
        (b"x.result(1)\n", True),
        (b"@app.get('/')\n", True),
        (b"@app.getx('/')\n", False),
    ],
)
def test_answers_that_matter(data: bytes, worth: bool) -> None:
    assert worth_parsing(data) is worth
    assert worth_parsing_reference(data, TRIGGERS) is worth


Sabotage = Callable[[Prefilter, pytest.MonkeyPatch], None]


def trust_translated_matches(p: Prefilter, mp: pytest.MonkeyPatch) -> None:
    mp.setattr(pf._Trigger, "at", lambda self, data, start: True)


def loops_without_consume(p: Prefilter, mp: pytest.MonkeyPatch) -> None:
    mp.setattr(p, "_consume", re.compile(b""))


def stop_at_a_lone_loop(p: Prefilter, mp: pytest.MonkeyPatch) -> None:
    mp.setattr(p, "_marks_no_loop", None)


def forget_decorators(p: Prefilter, mp: pytest.MonkeyPatch) -> None:
    mp.setattr(p, "_alone", [])


def misplace_anchors(p: Prefilter, mp: pytest.MonkeyPatch) -> None:
    mp.setattr(p, "_at", tuple(tuple((i + 1, t) for i, t in e) for e in p._at))


@pytest.mark.parametrize(
    "sabotage",
    [
        trust_translated_matches,
        loops_without_consume,
        stop_at_a_lone_loop,
        forget_decorators,
        misplace_anchors,
    ],
)
def test_the_edge_cases_catch_a_broken_prefilter(
    sabotage: Sabotage, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = Prefilter(TRIGGERS)
    sabotage(broken, monkeypatch)
    assert corpus_mismatches(broken)


def test_the_edge_cases_catch_every_lost_needle() -> None:
    for needle in PY_NEEDLES:
        kept = tuple(n for n in PY_NEEDLES if n != needle)
        lossy = Prefilter(Triggers(kept, TRIGGERS.patterns, TRIGGERS.loop, TRIGGERS.consume))
        assert corpus_mismatches(lossy), needle


OTHER_TRIGGERS = [
    pytest.param(
        Triggers(
            (*PY_NEEDLES, b"Semaphore(", b"gather(", b"run_forever", b"\xe9t\xe9"),
            TRIGGERS.patterns,
            PY_LOOP,
            PY_CONSUME,
        ),
        id="more-needles",
    ),
    pytest.param(
        Triggers(
            (b"Q", b"x!", b"ab", b"forever", b"run_forever", b"\xe9t\xe9"),
            (
                re.compile(rb"@\w+\.get\("),
                re.compile(rb"\d+ms\b"),  # no literal start
                re.compile(rb"@(x)\1"),  # a group to keep
                re.compile(rb"run_forever\(\s*\)"),
                re.compile(rb"sleep\(\d"),
            ),
            re.compile(rb"w\s*:"),  # a loop on one byte
            re.compile(rb"\.get\("),
        ),
        id="short-and-odd",
    ),
    pytest.param(Triggers((), (), PY_LOOP, PY_CONSUME), id="only-a-loop"),
    pytest.param(Triggers((b"@",), (), re.compile(rb"w"), PY_CONSUME), id="nothing-to-mark"),
]


@pytest.mark.parametrize("triggers", OTHER_TRIGGERS)
def test_same_answer_as_the_reference_for_other_triggers(triggers: Triggers) -> None:
    cases = corpus(triggers, seed=11) + CORPUS[:: len(CORPUS) // 3000]
    assert mismatches(Prefilter(triggers), triggers, cases) == []


@pytest.mark.parametrize(
    ("source", "prefix"),
    [
        (rb"while\s+x", b"while"),
        (rb"@\w+\.get\(", b"@"),
        (rb"abc", b"abc"),
        (rb"ab*c", b"a"),
        (rb"ab+c", b"a"),
        (rb"ab?c", b"a"),
        (rb"ab{2}c", b"a"),
        (rb"\.get\(", b""),
        (rb"(?:a|b)c", b""),
        (rb"ab(c|d)", b"ab"),
        (rb"ab[|]c", b"ab"),
        (rb"a[]|]b", b"a"),
        (rb"a[^]|]b", b"a"),
        (rb"ab\|c", b"ab"),
    ],
)
def test_literal_prefix(source: bytes, prefix: bytes) -> None:
    assert literal_prefix(re.compile(source)) == prefix


@pytest.mark.parametrize(
    "pattern",
    [
        re.compile(rb"ab|cd"),
        re.compile(rb"a[]|]b|c"),
        re.compile(rb"(a)b|c"),
        re.compile(rb"abc", re.IGNORECASE),
        re.compile(rb"(?i)abc"),
        re.compile(rb"abc", re.VERBOSE),
    ],
)
def test_literal_prefix_refuses_what_it_cannot_read(pattern: re.Pattern[bytes]) -> None:
    with pytest.raises(ValueError):
        literal_prefix(pattern)


def test_anchors_are_a_cheapest_cover() -> None:
    rng = random.Random(3)
    alphabet = list(b"abcdefgh")
    for _ in range(300):
        weight = {b: rng.randint(1, 100) for b in alphabet}
        words = [
            bytes(rng.choices(alphabet, k=rng.randint(1, 4))) for _ in range(rng.randint(1, 8))
        ]
        got = choose_anchors(words, weight)
        assert all(set(w) & got for w in words)
        best = min(
            sum(weight[b] for b in chosen)
            for k in range(len(alphabet) + 1)
            for chosen in itertools.combinations(alphabet, k)
            if all(set(w) & set(chosen) for w in words)
        )
        assert sum(weight[b] for b in got) == best, words


def read_bytes_reference(path: str) -> tuple[bytes | None, str]:
    """`walk.read_bytes` as it was: a size check, then ``open`` and ``read``."""
    try:
        if os.path.getsize(path) > walk.MAX_BYTES:
            return None, ""
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return None, f"cannot read: {exc.strerror or type(exc).__name__}"
    if b"\0" in data[:8192]:
        return None, ""
    return data, ""


def test_read_bytes_answers_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(walk, "MAX_BYTES", 10_000)
    files = {
        "text.py": b"print(1)\n",
        "empty.py": b"",
        "nul_early.py": b"x" * 100 + b"\0",
        "nul_last_checked.py": b"x" * 8191 + b"\0",
        "nul_late.py": b"x" * 8192 + b"\0",
        "at_limit.py": b"y" * 10_000,
        "over_limit.py": b"y" * 10_001,
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "dir.py").mkdir()
    (tmp_path / "link.py").symlink_to(tmp_path / "text.py")
    (tmp_path / "dangling.py").symlink_to(tmp_path / "absent.py")
    (tmp_path / "loop.py").symlink_to(tmp_path / "loop.py")
    paths = [*files, "dir.py", "link.py", "dangling.py", "loop.py", "missing.py", "text.py/x"]
    for name in paths:
        path = str(tmp_path / name)
        data, reason = walk.read_bytes(path)
        ref_data, ref_reason = read_bytes_reference(path)
        assert data == ref_data, name
        # Where the old reader said nothing, a NUL-holding file is now reported as skipped.
        assert reason == ref_reason or (not ref_reason and reason.startswith("skipped:")), name
    assert walk.read_bytes(str(tmp_path / "nul_early.py"))[1].startswith("skipped: holds NUL")
    assert walk.read_bytes(str(tmp_path / "text.py")) == (b"print(1)\n", "")
    assert walk.read_bytes(str(tmp_path / "nul_late.py"))[0] is not None
    over = walk.read_bytes(str(tmp_path / "over_limit.py"))
    assert over[0] is None and over[1].startswith("skipped: over")
    assert walk.read_bytes(str(tmp_path / "dir.py")) == (None, "cannot read: Is a directory")
    missing = (None, "cannot read: No such file or directory")
    assert walk.read_bytes(str(tmp_path / "missing.py")) == missing


@pytest.mark.parametrize("size_seen", [0, 10, 99_999, 200_000])
def test_read_bytes_reads_to_the_end_whatever_the_size_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size_seen: int
) -> None:
    """A file that grows or shrinks between its size and its reading is read to its end."""
    data = bytes(range(1, 256)) * 400  # ~100 KB, more than one chunk past a small size
    path = tmp_path / "changing.py"
    path.write_bytes(data)
    real_fstat = os.fstat

    def fstat(fd: int) -> os.stat_result:
        st = real_fstat(fd)
        return os.stat_result((*st[:6], size_seen, *st[7:10]))

    monkeypatch.setattr(os, "fstat", fstat)
    assert walk.read_bytes(str(path)) == (data, "")


@pytest.mark.parametrize(("size", "expected"), [(10, "cannot read: Permission denied"), (20, "")])
def test_an_unreadable_file_too_big_is_skipped_silently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int, expected: str
) -> None:
    """As when the size was checked before opening (simulated: tests may run as root)."""
    monkeypatch.setattr(walk, "MAX_BYTES", 15)
    path = tmp_path / "secret.py"
    path.write_bytes(b"z" * size)
    real_open = os.open

    def deny(p: str, flags: int, *args: int) -> int:
        if p == str(path):
            raise PermissionError(13, "Permission denied", p)
        return real_open(p, flags, *args)

    monkeypatch.setattr(os, "open", deny)
    assert walk.read_bytes(str(path)) == (None, expected)
