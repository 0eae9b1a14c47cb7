"""The pre-filter of Python files, in about one pass over their bytes.

Testing some 35 triggers one at a time reads a file some 35 times. One regex with
every needle as an alternative is no cure in CPython: a pattern that does not
start with one fixed byte is searched by testing a charset at every byte (~3 ns a
byte, slower than the 35 scans). What is fast is a pattern that starts with one
literal byte, found by a tight loop in C (~0.35 ns a byte). So each trigger gets an
*anchor*, a byte of it that is rare in Python code; ``bytes.translate`` turns every
anchor byte into NUL; and one search for NUL followed by the rest of some trigger
finds the candidates. The translation merges anchors, so a candidate is only a hint,
confirmed on the original bytes; false hints are rare, so the Python loop is short.

The rarity of bytes is hard-coded (measured once, see `RARITY`) so that importing
costs no corpus reading; the anchors are chosen from it when the pre-filter is built,
so a trigger added to the specification is anchored like the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

RARITY = (
    b"&\t$^~;\r?!J%ZYXQ<@K|HVUW{}BjG\\z+/LMO79F8Dq6P5I4>R#C3N`E*AST][k2wv-'10xb=yg:h)"
    b'(".muf,_pdcl\noniraste '
)
"""Bytes of Python source, rarest first (16,849 .py files, 167 MB, of a site-packages)."""
_PER_100K = (
    "6 8 10 10 12 13 14 14 15 18 20 21 22 25 27 31 31 39 48 49 64 78 82 92 92 94 96 97 100 "
    "115 116 132 135 135 135 140 140 140 142 156 159 161 179 187 192 193 198 206 211 216 246 "
    "251 253 258 285 297 308 310 334 335 370 395 408 482 490 504 509 518 565 707 837 851 937 "
    "953 1049 1155 1156 1185 1297 1489 1504 1549 1627 1668 1798 1837 1883 2453 2801 3433 3535 "
    "3539 3884 3907 3953 4689 6714 25745"
)
FREQUENCY: Mapping[int, int] = dict(zip(RARITY, map(int, _PER_100K.split()), strict=True))
"""Occurrences per 100,000 bytes of Python source, by byte value, for those of `RARITY`."""
UNLISTED = 1000
"""Frequency assumed for other bytes (control and non-ASCII): avoided as anchors."""

_MARK = 0
"""What anchors become in the translated copy; a NUL of the file becomes 1, not 0."""
_LITERAL = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@")
"""Bytes that stand for themselves in a regex source, in any position."""
_SEARCH_BUDGET = 20_000
"""Nodes of the exact anchor search before the best cover found so far is kept."""


@dataclass(frozen=True)
class Triggers:
    """What makes a Python file worth parsing: the specification of the pre-filter."""

    needles: tuple[bytes, ...]
    patterns: tuple[re.Pattern[bytes], ...]
    """Each enough on its own."""
    loop: re.Pattern[bytes] | None = None
    consume: re.Pattern[bytes] | None = None
    """A `loop` counts only with a consume call anywhere in the same file."""


def worth_parsing_reference(data: bytes, triggers: Triggers) -> bool:
    """The specification read literally, one scan per trigger: the oracle of `Prefilter`."""
    return (
        any(needle in data for needle in triggers.needles)
        or any(p.search(data) is not None for p in triggers.patterns)
        or (
            triggers.loop is not None
            and triggers.consume is not None
            and triggers.loop.search(data) is not None
            and triggers.consume.search(data) is not None
        )
    )


@dataclass(frozen=True)
class _Trigger:
    literal: bytes
    """What every match starts with."""
    pattern: re.Pattern[bytes] | None
    """None when the literal is the whole trigger."""
    loop: bool = False

    def at(self, data: bytes, start: int) -> bool:
        if start < 0:  # a negative start would count from the end
            return False
        if self.pattern is None:
            return data.startswith(self.literal, start)
        return self.pattern.match(data, start) is not None


def literal_prefix(pattern: re.Pattern[bytes]) -> bytes:
    """Bytes every match of ``pattern`` starts with, read off its source (maybe none).

    Only sources this reading is exact for are accepted: default flags (no
    IGNORECASE, no VERBOSE) and no ``|`` outside parentheses.
    """
    if pattern.flags != re.compile(b"").flags:
        raise ValueError(f"{pattern.pattern!r}: flags would change what its prefix matches")
    src = pattern.pattern
    if _bar_at_top(src):
        raise ValueError(f"{pattern.pattern!r}: a top-level | has no common prefix")
    end = 0
    while end < len(src) and src[end] in _LITERAL:
        end += 1
    if end < len(src) and src[end] in b"*+?{":  # the last byte is repeated or optional
        end -= 1
    return src[:end]


def _bar_at_top(src: bytes) -> bool:
    depth, i, in_class = 0, 0, False
    while i < len(src):
        c = src[i : i + 1]
        if c == b"\\":
            i += 1
        elif in_class:
            in_class = c != b"]"
        elif c == b"[":
            i += 1 + (src[i + 1 : i + 2] == b"^")
            i += src[i : i + 1] == b"]"  # a ']' first in a class is literal
            in_class = True
            continue
        elif c in b"()":
            depth += 1 if c == b"(" else -1
        elif c == b"|" and depth == 0:
            return True
        i += 1
    return False


def choose_anchors(words: Iterable[bytes], frequency: Mapping[int, int]) -> frozenset[int]:
    """The bytes, one at least in each word, of least total frequency.

    A weighted hitting set: exact by branch and bound (a greedy cover is the first
    bound; a few hundred nodes for the current needles), within `_SEARCH_BUDGET`.
    """

    def weight(b: int) -> int:
        return frequency.get(b, UNLISTED)

    sets = sorted({frozenset(w) for w in words}, key=lambda s: (len(s), sorted(s)))
    if frozenset() in sets:
        raise ValueError("an empty word has no anchor")
    best: list[frozenset[int]] = [_greedy_cover(sets, weight)]
    best_cost = [sum(map(weight, best[0]))]
    nodes = [0]

    def search(chosen: frozenset[int], cost: int, open_sets: list[frozenset[int]]) -> None:
        nodes[0] += 1
        if not open_sets:
            if cost < best_cost[0]:
                best[0], best_cost[0] = chosen, cost
            return
        bound = max(min(map(weight, s)) for s in open_sets)
        if cost + bound >= best_cost[0] or nodes[0] > _SEARCH_BUDGET:
            return
        narrowest = min(open_sets, key=len)
        for b in sorted(narrowest, key=lambda b: (weight(b), b)):
            search(chosen | {b}, cost + weight(b), [s for s in open_sets if b not in s])

    search(frozenset(), 0, sets)
    return best[0]


def _greedy_cover(sets: list[frozenset[int]], weight: Callable[[int], int]) -> frozenset[int]:
    chosen: set[int] = set()
    open_sets = list(sets)
    while open_sets:
        candidates = sorted(set().union(*open_sets))
        b = min(candidates, key=lambda b: (weight(b) / sum(b in s for s in open_sets), b))
        chosen.add(b)
        open_sets = [s for s in open_sets if b not in s]
    for b in sorted(chosen, key=lambda b: (-weight(b), b)):  # drop what the rest covers
        if all(s & (chosen - {b}) for s in sets):
            chosen.discard(b)
    return frozenset(chosen)


def _compare_from(images: list[bytes]) -> list[int]:
    """Which anchor of each translated trigger to compare from.

    Every stop of the search tries each distinct byte that may follow an anchor,
    one after the other, so the anchors are picked to share few such bytes (a
    greedy cover), then the first of them, to compare as many bytes as possible.
    """
    follow = [
        {image[i + 1]: i for i in reversed(range(len(image) - 1)) if image[i] == _MARK}
        for image in images
    ]
    shared: set[int] = set()
    open_ = [f for f in follow if f]
    while open_:
        b = max(sorted(set().union(*open_)), key=lambda b: sum(b in f for f in open_))
        shared.add(b)
        open_ = [f for f in open_ if b not in f]
    return [min(i for b, i in f.items() if b in shared) for f in follow]


def _alternatives(paths: list[tuple[bytes, bytes]]) -> list[bytes]:
    """Regex sources matching any (ahead, behind): the bytes ahead, then a lookbehind.

    A trie on the bytes ahead: a regex branch costs a byte comparison per
    alternative, so sharing first bytes keeps each stop to one comparison per
    distinct byte; the lookbehind is only reached once the bytes ahead matched.
    """
    if any(not ahead and not behind for ahead, behind in paths):
        return [b""]
    by_first: dict[bytes, list[tuple[bytes, bytes]]] = {}
    ends: set[bytes] = set()
    for ahead, behind in paths:
        if ahead:
            by_first.setdefault(ahead[:1], []).append((ahead[1:], behind))
        else:
            ends.add(b"(?<=" + re.escape(behind) + b")")
    out = []
    for first, rest in sorted(by_first.items()):
        alts = _alternatives(rest)
        out.append(re.escape(first) + (alts[0] if len(alts) == 1 else _group(alts)))
    return out + sorted(ends)


def _group(alternatives: list[bytes]) -> bytes:
    return b"(?:" + b"|".join(alternatives) + b")"


class Prefilter:
    """`Triggers` compiled for speed: calling it answers what `worth_parsing_reference` does.

    Triggers whose literal start has at least two bytes are anchored on one of them
    but the last (so that at least one byte follows the anchor to compare); the
    others (``@`` decorators) are searched on their own, by their first byte.
    """

    def __init__(self, triggers: Triggers, frequency: Mapping[int, int] = FREQUENCY) -> None:
        needles = set(triggers.needles)
        if b"" in needles:
            raise ValueError("an empty needle makes every file worth parsing")
        # a needle holding another is found whenever the other is
        needles = {n for n in needles if not any(m != n and m in n for m in needles)}
        found: list[_Trigger] = [_Trigger(n, None) for n in sorted(needles)]
        found += [_Trigger(literal_prefix(p), p) for p in triggers.patterns]
        if triggers.loop is not None:
            if triggers.consume is None:
                raise ValueError("a loop trigger needs its consume pattern")
            found.append(_Trigger(literal_prefix(triggers.loop), triggers.loop, loop=True))
        marked = [t for t in found if len(t.literal) >= 2]
        self._consume = triggers.consume or re.compile(b"(?!)")
        self._loop_alone = triggers.loop if not any(t.loop for t in marked) else None

        anchors = choose_anchors((t.literal[:-1] for t in marked), frequency)
        table = bytearray(range(256))
        table[_MARK] = 1
        for a in anchors:
            table[a] = _MARK
        self._table = bytes(table)
        at: list[list[tuple[int, _Trigger]]] = [[] for _ in range(256)]
        paths: list[tuple[bytes, bytes, bool]] = []
        images = [t.literal.translate(self._table) for t in marked]
        for t, image, i in zip(marked, images, _compare_from(images), strict=True):
            at[t.literal[i]].append((i, t))
            paths.append((image[i + 1 :], image if i else b"", t.loop))
        for entries in at:
            entries.sort(key=lambda e: e[1].loop)  # a loop costs a scan for consume calls
        self._at = tuple(tuple(entries) for entries in at)
        self.anchors = anchors  # what the search stops at, translated
        self._marks = self._compile([(a, b) for a, b, _ in paths])
        self._marks_no_loop = self._compile([(a, b) for a, b, loop in paths if not loop])

        # the others, by first byte; a search starts where that byte first is (memchr)
        by_first: dict[bytes, list[bytes]] = {}
        self._alone: list[tuple[bytes, re.Pattern[bytes]]] = []
        for t in found:
            if len(t.literal) >= 2 or t.loop:
                continue
            if not t.literal or (t.pattern is not None and t.pattern.groups):
                assert t.pattern is not None
                self._alone.append((t.literal, t.pattern))  # nothing to share, or groups
                continue
            # the literal is its own source (see `literal_prefix`): the rest follows it
            rest = b"" if t.pattern is None else t.pattern.pattern[len(t.literal) :]
            by_first.setdefault(t.literal, []).append(rest)
        for first, rests in sorted(by_first.items()):
            self._alone.append((first, re.compile(re.escape(first) + _group(rests))))

    @staticmethod
    def _compile(paths: list[tuple[bytes, bytes]]) -> re.Pattern[bytes] | None:
        if not paths:
            return None
        alts = _alternatives(paths)
        return re.compile(bytes([_MARK]) + (alts[0] if len(alts) == 1 else _group(alts)))

    def translate(self, data: bytes) -> bytes:
        """The copy `first` searches: anchor bytes are NUL in it."""
        return data.translate(self._table)

    def first(self, data: bytes, translated: bytes, pos: int) -> int:
        """Start of a needle or pattern match anchored at or after ``pos``, or -1.

        For callers that want where triggers are, not whether: loops are not looked
        for, and the patterns searched on their own (`alone`) are left to the caller.
        Matches come in the order of their anchors, which is that of their starts
        unless two overlap.
        """
        marks = self._marks_no_loop
        at = self._at
        while marks is not None and (m := marks.search(translated, pos)) is not None:
            pos = m.start()
            for offset, trigger in at[data[pos]]:
                if not trigger.loop and trigger.at(data, pos - offset):
                    return pos - offset
            pos += 1
        return -1

    @property
    def alone(self) -> tuple[re.Pattern[bytes], ...]:
        """The patterns not found through anchors (one-byte literal starts such as ``@``)."""
        return tuple(pattern for _, pattern in self._alone)

    def __call__(self, data: bytes) -> bool:
        marks = self._marks
        if marks is not None:
            translated = data.translate(self._table)
            at = self._at
            loops = True
            pos = 0
            while marks is not None and (m := marks.search(translated, pos)) is not None:
                pos = m.start()
                for offset, trigger in at[data[pos]]:
                    if (trigger.loop and not loops) or not trigger.at(data, pos - offset):
                        continue
                    if not trigger.loop or self._consume.search(data) is not None:
                        return True
                    loops = False  # a loop is no use without a consume call: search on
                    marks = self._marks_no_loop
                pos += 1
        for first, pattern in self._alone:
            start = data.find(first)
            if start >= 0 and pattern.search(data, start) is not None:
                return True
        loop = self._loop_alone
        return (
            loop is not None
            and loop.search(data) is not None
            and self._consume.search(data) is not None
        )
