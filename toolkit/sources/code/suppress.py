"""Inline suppression comments: ``# opsdoc: ignore`` and ``# opsdoc: ignore[T001,E002]``.

The comment sits on the line a finding points at; the CLI drops findings whose
subject is that ``path:line``. Recorded as facts so suppression works the same
for Python, shell, YAML and every other commented format.
"""

from __future__ import annotations

import io
import re
import tokenize

from opsdoc.evidence import CodeSite
from opsdoc.sources.code.facts import SUPPRESSION, make_site

MARKER = "opsdoc:"
PATTERN = re.compile(r"#\s*opsdoc:\s*ignore\b(?:\[([^\]]*)\])?", re.IGNORECASE)
NOQA = re.compile(
    r"#\s*(?:noqa:\s*|type:\s*ignore\[)([A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*)", re.IGNORECASE
)
FOREIGN_CODES = {
    "ASYNC2": "A001",
    "TRIO2": "A001",
    "ASYNC100": "A001",
    "ASYNC101": "A001",
    "ASYNC102": "A001",
    "RUF006": "A002",
}
"""Other linters' codes that mean one of ours: flake8-async and ruff's ``ASYNC2xx`` (and
their flake8-trio predecessors) flag blocking calls in async functions, like A001, as did
ruff's ``ASYNC100``-``ASYNC102`` before ruff 0.5 renumbered them; ruff's ``RUF006``
(asyncio-dangling-task) flags a dropped ``create_task`` result, like A002. A line someone
marked ``# noqa: ASYNC210`` (or, as some projects write it, ``# type: ignore[ASYNC101]``)
was reviewed and stays quiet here too. Such a comment was written for the other linter,
so it is never reported as an unused suppression."""


def suppressions(path: str, text: str, lines: list[str] | None = None) -> list[CodeSite]:
    python = path.endswith(".py")
    noqa = python and ("noqa" in text or "ignore[" in text)
    if noqa:  # only another linter's code that means one of ours counts: tokenizing every
        upper = text.upper()  # file that silences E501 somewhere was most of a scan's time
        noqa = any(prefix in upper for prefix in FOREIGN_CODES)
    if (MARKER not in text and not noqa) or path.endswith(".json"):
        return []
    lines = lines if lines is not None else text.splitlines()
    comments = _python_comments(text) if python else None
    out: list[CodeSite] = []
    for n, line in enumerate(lines, start=1):
        comment = comments.get(n, "") if comments is not None else line
        codes: list[str] = []
        foreign = False
        if MARKER in line and (m := PATTERN.search(comment)) is not None:
            codes = [c.strip().upper() for c in (m.group(1) or "").split(",") if c.strip()]
            if not codes:
                out.append(make_site(SUPPRESSION, path, n, lines, attrs={"codes": ""}))
                continue
        if noqa and ("noqa" in line or "ignore[" in line) and (q := NOQA.search(comment)):
            foreign = not codes  # no opsdoc suppression of its own on the line
            for other in re.split(r"[\s,]+", q.group(1).upper()):
                ours = next((c for p, c in FOREIGN_CODES.items() if other.startswith(p)), "")
                if ours and ours not in codes:
                    codes.append(ours)
        if codes:
            attrs = {"codes": ",".join(codes)}
            if foreign:
                attrs["foreign"] = "true"
            out.append(make_site(SUPPRESSION, path, n, lines, attrs=attrs))
    return out


def _python_comments(text: str) -> dict[int, str]:
    """Comment text by line, so a marker quoted in a string or docstring does not count."""
    out: dict[int, str] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                out[tok.start[0]] = tok.string
    except (tokenize.TokenError, SyntaxError):
        pass  # comments before the error were kept
    return out
