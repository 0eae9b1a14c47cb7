"""Files whose ``noqa`` comments name no code that means one of ours are not tokenized,
with the same suppressions as before: none from those comments, and every foreign code
still honoured whatever its case."""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

from opsdoc.sources.code.suppress import FOREIGN_CODES, suppressions

ROOT = Path(__file__).resolve().parents[1]


def _tokenized_comments(text: str) -> list[tuple[int, str]]:
    out = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                out.append((tok.start[0], tok.string))
    except (tokenize.TokenError, SyntaxError):
        pass
    return out


def test_noqa_for_other_rules_gives_nothing_and_foreign_codes_count_in_any_case() -> None:
    assert suppressions("app/a.py", "x = 1  # noqa: E501\nimport os  # noqa: F401\n") == []
    text = "import time\n\n\nasync def f():\n    time.sleep(1)  # noqa: async210\n"
    (site,) = suppressions("app/b.py", text)
    assert site.line == 5
    assert "A001" in site.attr("codes")
    quoted = 'DOC = "time.sleep(1)  # noqa: ASYNC210"\n'
    assert suppressions("app/c.py", quoted) == []  # in a string, not a comment


def test_files_skipped_by_the_gate_hold_no_foreign_noqa_comment() -> None:
    """On every Python file of opsdoc and its fixtures: where the gate skips tokenizing,
    no comment names a foreign code, so tokenizing would have found nothing to report."""
    checked = 0
    for path in sorted(
        [*ROOT.joinpath("toolkit").rglob("*.py"), *ROOT.joinpath("tests").rglob("*.py")]
    ):
        text = path.read_text(encoding="utf-8", errors="replace")
        if "noqa" not in text or any(p in text.upper() for p in FOREIGN_CODES):
            continue
        checked += 1
        for _, comment in _tokenized_comments(text):
            assert not any(p in comment.upper() for p in FOREIGN_CODES), path
    assert checked
