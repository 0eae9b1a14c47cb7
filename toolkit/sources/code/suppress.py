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


def suppressions(path: str, text: str, lines: list[str] | None = None) -> list[CodeSite]:
    if MARKER not in text or path.endswith(".json"):
        return []
    lines = lines if lines is not None else text.splitlines()
    comments = _python_comments(text) if path.endswith(".py") else None
    out: list[CodeSite] = []
    for n, line in enumerate(lines, start=1):
        if MARKER not in line:
            continue
        m = PATTERN.search(comments.get(n, "") if comments is not None else line)
        if m is None:
            continue
        codes = [c.strip().upper() for c in (m.group(1) or "").split(",") if c.strip()]
        out.append(make_site(SUPPRESSION, path, n, lines, attrs={"codes": ",".join(codes)}))
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
