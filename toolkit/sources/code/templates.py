"""Project templates (cookiecutter, copier, any Jinja tree) are not the project's code.

A template's files hold Jinja markers where names go: ``{{cookiecutter.name}} =
Blueprint(...)``, ``import ckanext.{{cookiecutter.project}}.plugin``, ``{% if x %}``. Read
as Python they are syntax errors, and scanned they would give facts about code that does
not exist yet. Two marks make a file a template:

- a path component holding a marker (``{{cookiecutter.project}}/views.py``): cookiecutter
  and copier name the directories and files they generate that way;
- a Python file whose parse failure sits on a marker: the first thing Python cannot read
  in it is template syntax (a ``setup.py`` rendered by the template tool, a
  ``test_<entry_point>`` placeholder a code generator fills in).

A syntax error elsewhere in a file, or beside a ``{{`` that Python reads (an f-string's
escaped brace, a set of sets), is still a syntax error.
"""

from __future__ import annotations

import re

PATH_MARKERS = ("{{", "{%")
"""What a generated file's or directory's name holds where a value goes."""
_MARKER = re.compile(r"\{\{.*?(?:\}\}|$)|\{%.*?(?:%\}|$)|\{#.*?(?:#\}|$)|<[A-Za-z_][\w-]*>")
"""A Jinja expression, statement or comment on one line (to its end when not closed
there), or an angle-bracket placeholder where a name goes (``async def
test_<entry_point>(...)`` in a skill's or generator's template)."""


def template_name(name: str) -> bool:
    """A file or directory name a template tool fills in."""
    return any(m in name for m in PATH_MARKERS)


def error_on_marker(source: str, line: int | None, offset: int | None) -> bool:
    """Whether a syntax error at ``line`` (1-based) and ``offset`` (1-based character
    column, as `SyntaxError` gives them) sits on a Jinja marker of ``source``."""
    if not line or not offset:
        return False
    lines = source.splitlines()
    if line > len(lines):
        return False
    col = offset - 1
    return any(
        m.start() <= col < max(m.end(), m.start() + 2) for m in _MARKER.finditer(lines[line - 1])
    )
