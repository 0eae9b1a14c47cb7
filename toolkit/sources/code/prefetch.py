"""Reading and pre-filtering files in a second process while this one parses.

On a large project the scan is two halves of similar weight: reading every file
and searching it for trigger text, and parsing the few files that hold one. Both
are CPU-bound Python, so threads would take turns; a forked child reads and
filters (it needs no imports and inherits the file list) while the parent parses
what it has already received. The child only ever sends what `read_file` returns,
in file order, so the parent's results are those of a serial scan.

A child that dies, or sends garbage, costs nothing but time: the parent reads the
files it did not receive itself.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import select
import signal
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from opsdoc.sources.code.slicing import Reduced
from opsdoc.sources.code.walk import ProjectFile, read_bytes

Reduce = Callable[[bytes], Reduced | None]
"""What a file to parse is cut down to (`slicing.reduce_source` of its text), done here
so that a child can do it while the parent parses."""

MIN_FILES = 1000
"""Below this many files a fork costs more than it saves."""
STALL_S = 5.0
"""Seconds without a byte from the child before it counts as stuck."""
BATCH_FILES = 64
BATCH_BYTES = 256 * 1024
_HEADER = 4

_HAS_DATA, _PARSE, _LOGS, _MODEL, _CUT = 1, 2, 4, 8, 16
_MODEL_USE = re.compile(
    rb"\bmodel(?:_name|Id)?\s*=[^=]|[\"']model[\"']\s*:|getenv|environ|Settings"
)
"""`opsdoc.models.extract.worth_reading_for_uses`, copied: the reading child imports nothing."""


def _model_use(data: bytes) -> bool:
    """``_MODEL_USE.search(data)``, literals first: an alternation regex tests every byte
    of every file, and most files hold none of the words (the two ``model`` branches
    cannot match without that word)."""
    if b"getenv" in data or b"environ" in data or b"Settings" in data:
        return True
    return b"model" in data and _MODEL_USE.search(data) is not None


Frame = tuple[int, bytes | None, str, int, tuple[str, tuple[tuple[int, int], ...]] | None]
"""One file's `Read` as the child sends it (marshal-able)."""


@dataclass(frozen=True, slots=True)
class Read:
    """What the scan needs of one file before parsing it."""

    data: bytes | None
    """The bytes, kept only when the file will be parsed or read for model IDs."""
    problem: str
    flags: int
    reduced: Reduced | None = None
    """The text to parse instead of the whole file, when one was made."""

    @property
    def has_data(self) -> bool:
        return bool(self.flags & _HAS_DATA)

    @property
    def parse(self) -> bool:
        return bool(self.flags & _PARSE)

    @property
    def logs(self) -> bool:
        """A Python file not worth parsing that logs (parsed later only if L001 asks)."""
        return bool(self.flags & _LOGS)

    @property
    def cut(self) -> bool:
        """Whether `reduced` was made (None then means: parse the whole file)."""
        return bool(self.flags & _CUT)

    @property
    def models(self) -> bool:
        return bool(self.flags & _MODEL)


def read_file(
    f: ProjectFile, worth_parsing: Callable[[bytes], bool], reduce: Reduce | None = None
) -> Read:
    """The one reading step, shared by the serial scan and the child process."""
    data, problem = read_bytes(f.abs)
    if data is None:
        return Read(None, problem, 0)
    flags = _HAS_DATA | (_MODEL if b"claude" in data else 0)
    if f.kind == "python" and not flags & _MODEL and _model_use(data):
        flags |= _MODEL  # passes a model ID on, or reads the env var holding one
    if f.kind != "python":
        return Read(data, problem, flags)
    if worth_parsing(data):
        flags |= _PARSE
    elif b"logging" in data or b"logger" in data:
        flags |= _LOGS
    keep = flags & (_PARSE | _MODEL)
    reduced = None
    if reduce is not None and flags & _PARSE:
        reduced = reduce(data)
        flags |= _CUT
    return Read(data if keep else None, problem, flags, reduced)


def can_fork(files: Sequence[ProjectFile]) -> bool:
    return (
        len(files) >= MIN_FILES
        and hasattr(os, "fork")
        and sys.platform != "win32"
        and (os.cpu_count() or 1) > 1
    )


class Prefetch:
    """Results of `read_file` for ``files``, computed ahead by a forked child.

    The child reads from the first file on; whenever the parent would wait for it,
    the parent reads the last file not yet read instead (work stealing from the
    end), so neither process idles whichever half of the work is heavier on a given
    project. They meet somewhere in the middle and the child is stopped.
    """

    def __init__(
        self,
        files: Sequence[ProjectFile],
        worth_parsing: Callable[[bytes], bool],
        reduce: Reduce | None = None,
    ) -> None:
        self._ready: dict[int, Read] = {}
        self._pipe: BinaryIO | None = None
        self._pid = 0
        self._files = files
        self._read = (worth_parsing, reduce)
        self._steal = len(files) - 1
        """The next file the parent reads itself, counting down."""
        self._wanted = 0
        """The file the parent asked for last: the child's results before it are stale."""
        r, w = os.pipe()
        try:
            with warnings.catch_warnings():
                # 3.12+ warns about forking a threaded process; the child takes no lock
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            return  # no child: every get() returns None and the caller reads itself
        if pid == 0:  # pragma: no cover - runs in the child, which never returns
            os.close(r)
            _child(files, worth_parsing, w, reduce)
        os.close(w)
        self._pid = pid
        self._pipe = open(r, "rb", buffering=0)  # noqa: SIM115 - closed by close()

    def get(self, i: int) -> Read | None:
        """File ``i``'s result; None once the child is gone without sending it."""
        self._wanted = i
        if i > self._steal:
            self._stop()  # the parent has read all that is left: the child is not needed
        while i not in self._ready and self._pipe is not None:
            if self._steal >= i and not self._child_has_sent():
                self._ready[self._steal] = read_file(self._files[self._steal], *self._read)
                self._steal -= 1
            elif not self._receive():
                self._stop()
        return self._ready.pop(i, None)

    def _child_has_sent(self) -> bool:
        assert self._pipe is not None
        ready, _, _ = select.select([self._pipe], [], [], 0)
        return bool(ready)

    def close(self) -> None:
        self._stop()

    def _read_exact(self, size: int) -> bytes:
        """``size`` bytes from the child, or fewer if it stops or stalls.

        A child forked from a threaded process could in principle hang on a lock it
        inherited; a stall is treated like a crash (the caller reads the files itself),
        so the scan can never hang on it.
        """
        assert self._pipe is not None
        chunks: list[bytes] = []
        remaining = size
        while remaining:
            ready, _, _ = select.select([self._pipe], [], [], STALL_S)
            if not ready:
                break
            chunk = self._pipe.read(remaining)
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def _receive(self) -> bool:
        assert self._pipe is not None
        try:
            head = self._read_exact(_HEADER)
            if len(head) < _HEADER:
                return False
            size = int.from_bytes(head, "little")
            payload = self._read_exact(size)
            if len(payload) < size:
                return False
            batch = marshal.loads(payload)
            for i, data, problem, flags, reduced in batch:
                if self._wanted <= i <= self._steal:  # else read by the parent, or used
                    cut = Reduced(*reduced) if reduced is not None else None
                    self._ready[i] = Read(data, problem, flags, cut)
        except (OSError, EOFError, ValueError, TypeError):
            return False
        return True

    def _stop(self) -> None:
        if self._pipe is not None:
            self._pipe.close()
            self._pipe = None
        if self._pid:
            with contextlib.suppress(OSError):  # already exited
                os.kill(self._pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(self._pid, 0)
            self._pid = 0


def _child(
    files: Sequence[ProjectFile],
    worth_parsing: Callable[[bytes], bool],
    fd: int,
    reduce: Reduce | None = None,
) -> None:  # pragma: no cover - runs in the child
    code = 0
    try:
        with open(fd, "wb") as out:
            batch: list[Frame] = []
            size = 0
            for i, f in enumerate(files):
                read = read_file(f, worth_parsing, reduce)
                cut = read.reduced
                reduced = (cut.text, cut.removed) if cut is not None else None
                batch.append((i, read.data, read.problem, read.flags, reduced))
                size += len(read.data or b"")
                if len(batch) >= BATCH_FILES or size >= BATCH_BYTES:
                    _send(out, batch)
                    batch, size = [], 0
            _send(out, batch)
    except BaseException:  # the parent reads what is missing
        code = 1
    finally:
        os._exit(code)


def _send(out: BinaryIO, batch: list[Frame]) -> None:
    if not batch:
        return
    payload = marshal.dumps(batch)
    out.write(len(payload).to_bytes(_HEADER, "little"))
    out.write(payload)
    out.flush()
