"""Streaming the entries of a top-level JSON array in bounded memory.

`gcloud ... --format=json` prints lists with a fixed layout: ``[``, then each entry
indented by two spaces and closed by a line ``  }``, joined by ``,``. Raw newlines
cannot occur inside JSON strings, so ``\\n  }`` marks exactly the end of a top-level
entry: we cut big chunks at the last such mark and hand whole runs of entries to
orjson at once (the fast path, ~10x ijson). Any other layout (minified, ``jq -c``,
other indents) goes through ijson's incremental parser instead. Either way a
truncated or corrupt file still yields every entry before the damage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO, Any

import orjson

CHUNK = 256 << 10
"""Small enough that a batch of parsed entries stays in CPU cache: 8 MB chunks run ~40% slower."""
MAX_ENTRY = 64 << 20
"""A single entry bigger than this is not something gcloud printed."""

_END = b"\n  }"
_FAST_HEAD = (b"[\n  {\n", b"[\r\n  {\r\n")

MAX_DEPTH = 512
"""Deepest nesting of arrays and objects accepted. Parsing 100,000 levels took
gigabytes (and crashes the interpreter when the nested objects are freed); no export
gcloud or rq prints goes past about 12."""

_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


class NestingGuard:
    """Tracks the nesting depth of JSON bytes fed in pieces, in C-speed passes.

    Every byte but brackets is dropped, then matched innermost pairs are removed one
    level per pass; what stays unmatched carries over to the next piece. Brackets
    inside strings are counted too, which can only overestimate the depth.
    """

    def __init__(self, limit: int = MAX_DEPTH) -> None:
        self.limit = limit
        self.open = b""
        self.exceeded = False
        self.offset = 0
        """Bytes fed so far."""

    def feed(self, data: bytes) -> bool:
        """True while the nesting stays within the limit."""
        if self.exceeded:
            return False
        self.offset += len(data)
        brackets = self.open + data.translate(None, _NOT_BRACKETS)
        for _ in range(self.limit):
            reduced = brackets.replace(b"[]", b"").replace(b"{}", b"")
            if len(reduced) == len(brackets):
                break
            brackets = reduced
        else:
            if brackets.replace(b"[]", b"").replace(b"{}", b"") != brackets:
                self.exceeded = True  # still pairs to remove after `limit` levels
        self.open = brackets
        if len(brackets) > self.limit:
            self.exceeded = True
        return not self.exceeded


def too_deep(data: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether ``data`` nests arrays/objects deeper than ``limit`` (may overestimate)."""
    return not NestingGuard(limit).feed(data)


def depth_problem(where: str = "") -> str:
    at = f" {where}" if where else ""
    return f"JSON nested deeper than {MAX_DEPTH} levels{at}; not read further"


class _GuardedReader:
    """A file whose bytes are checked for nesting as they are read; it ends early
    (as if truncated) where the nesting goes too deep."""

    def __init__(self, fp: IO[bytes], guard: NestingGuard) -> None:
        self._fp = fp
        self._guard = guard

    def read(self, n: int = -1) -> bytes:
        data = self._fp.read(n)
        if not data or self._guard.exceeded:
            return b""
        return data if self._guard.feed(data) else b""


class ListStream:
    """Iterate a JSON array file's items; afterwards ``error`` says what went wrong, if anything.

    ``fast=False`` forces the ijson path (tests compare both). ``should_stop`` is polled
    between chunks so a deadline can cut a huge file short.
    """

    def __init__(
        self,
        fp: IO[bytes],
        *,
        fast: bool = True,
        chunk: int = CHUNK,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        self._fp = fp
        self._fast = fast
        self._chunk = chunk
        self._should_stop = should_stop or (lambda: False)
        self.error: str | None = None
        self.count = 0
        self.stopped = False
        self.guard = NestingGuard()
        self.deep = 0
        """Entries skipped for nesting too deep."""
        self.first_deep = 0

    def __iter__(self) -> Iterator[Any]:
        for batch in self.batches():
            yield from batch

    def batches(self) -> Iterator[list[Any]]:
        """Items in lists of a few thousand: per-item generator overhead matters at 1 GB."""
        head = self._fp.read(16)
        self._fp.seek(0)
        body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if self._fast and body.startswith(_FAST_HEAD):
            yield from self._iter_fast()
        else:
            batch: list[Any] = []
            for item in self._iter_ijson():
                batch.append(item)
                if len(batch) >= 1024:
                    yield batch
                    batch = []
            if batch:
                yield batch

    def _iter_fast(self) -> Iterator[list[Any]]:
        fp = self._fp
        buf = fp.read(self._chunk)
        start = buf.index(b"{")
        while True:
            if self._should_stop():
                self.stopped = True
                return
            cut = buf.rfind(_END, start)
            if cut < 0 or cut + len(_END) >= len(buf):
                # No complete entry in the buffer yet (or the mark is the last bytes read,
                # and we cannot see what follows it): read more.
                more = fp.read(self._chunk)
                if not more:
                    break
                buf = buf[start:] + more
                start = 0
                if len(buf) > MAX_ENTRY + self._chunk and buf.rfind(_END) < 0:
                    self.error = (
                        f"entry {self.count} is larger than {MAX_ENTRY >> 20} MB; stopped there"
                    )
                    return
                continue
            end = cut + len(_END)
            region = buf[start:end]
            if too_deep(region):
                yield list(self._salvage(region))  # entry by entry: only the deep ones go
                salvaged = True
            else:
                salvaged = False
            try:
                items = [] if salvaged else orjson.loads(b"[" + region + b"]")
            except orjson.JSONDecodeError:
                yield list(self._salvage(region))
                return
            if not salvaged:
                self.count += len(items)
                yield items
            elif self.error and not self.error.startswith("JSON nested"):
                return
            buf = buf[end:]
            while True:
                buf = buf.lstrip(b", \t\r\n")
                if buf:
                    break
                buf = fp.read(self._chunk)
                if not buf:
                    self.error = f"truncated: no closing ']' after {self.count} entries"
                    return
            if buf.startswith(b"]"):
                if buf[1:].strip() or fp.read(1).strip():
                    self.error = f"unexpected data after the closing ']' ({self.count} entries)"
                return
            if not buf.startswith(b"{"):
                yield list(self._salvage(buf))
                return
            start = 0
        tail = buf[start:].strip()
        if tail.startswith(b"]") and not tail[1:].strip():
            return
        self.error = (
            f"truncated: the file ends inside entry {self.count} "
            f"(kept the {self.count} complete entries before it)"
        )

    def _salvage(self, region: bytes) -> Iterator[Any]:
        """Parse entry by entry to keep what precedes a corrupt one, and say where it is."""
        pos = 0
        while pos < len(region):
            cut = region.find(_END, pos)
            piece = region[pos : cut + len(_END)] if cut >= 0 else region[pos:]
            if too_deep(piece):
                if not self.deep:
                    self.first_deep = self.count
                self.deep += 1
                self.error = depth_problem(
                    f"in {self.deep} entry(ies) from entry {self.first_deep}; skipped those"
                )
                self.count += 1
            else:
                try:
                    item = orjson.loads(piece)
                except orjson.JSONDecodeError as exc:
                    self.error = f"malformed JSON in entry {self.count}: {exc}"
                    return
                self.count += 1
                yield item
            if cut < 0:
                return
            pos = cut + len(_END)
            while pos < len(region) and region[pos : pos + 1] in b", \t\r\n":
                pos += 1

    def _iter_ijson(self) -> Iterator[Any]:
        import ijson

        reader = _GuardedReader(self._fp, self.guard)
        try:
            for item in ijson.items(reader, "item", use_float=True):
                self.count += 1
                yield item
                if self.count % 4096 == 0 and self._should_stop():
                    self.stopped = True
                    return
        except ijson.IncompleteJSONError as exc:
            text = str(exc).splitlines()[0] if str(exc) else "incomplete JSON"
            if self.guard.exceeded:
                self.error = depth_problem(
                    f"in entry {self.count} (kept the {self.count} entries before it)"
                )
            elif "premature" in text.lower() or "incomplete" in text.lower():
                self.error = (
                    f"truncated: the file ends inside entry {self.count} "
                    f"(kept the {self.count} complete entries before it)"
                )
            else:
                self.error = f"malformed JSON in entry {self.count}: {text}"
        except (ijson.JSONError, ValueError, UnicodeDecodeError) as exc:
            text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.error = f"malformed JSON in entry {self.count}: {text}"
