"""Project templates (cookiecutter, copier) are not scanned as Python, and say so.

Their files hold Jinja markers where names go; read as Python they were syntax errors
(an X001 per file, on ckan's cookiecutter tree), and scanned they would give facts about
code that does not exist yet.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsdoc.sources.base import SourceContext, SourceResult
from opsdoc.sources.code import CodeSource
from opsdoc.sources.code.templates import error_on_marker

VIEWS = """\
import time
from flask import Blueprint


{{cookiecutter.project_shortname}} = Blueprint(
    "{{cookiecutter.project_shortname}}", __name__)


async def page():
    time.sleep(1)
    return "Hello, {{cookiecutter.project_shortname}}!"
"""
RENDERED_SETUP = """\
import asyncio
from setuptools import setup
{% if cookiecutter.cli == "y" %}
async def main():
    await asyncio.sleep(0)
{% endif %}
setup(name="{{ cookiecutter.project }}")
"""
HOOK = """\
import time

async def announce():
    time.sleep(1)
"""
BROKEN = "import time\n\nasync def tick():\n    return time.sleep(1) +\n"
BRACES = 'import time\n\nasync def tick():\n    return f"{{literal}} {time.sleep(1)}" +\n'


def _scan(root: Path, *only: str) -> SourceResult:
    ctx = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=str(root), deadline_s=30)
    return CodeSource(str(root), only=only).collect(ctx)


def _tree(root: Path) -> None:
    files = {
        "tmpl/{{cookiecutter.project}}/pkg/views.py": VIEWS,
        "tmpl/{{cookiecutter.project}}/Dockerfile": "FROM python:3.12\nCMD python -m {{cookiecutter.project}}\n",
        "tmpl/{% if cookiecutter.worker %}worker{% endif %}/{{cookiecutter.module}}.py": HOOK,
        "tmpl/hooks/post_gen_project.py": HOOK,
        "setup.py": RENDERED_SETUP,
        "app/broken.py": BROKEN,
        "app/braces.py": BRACES,
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_a_cookiecutter_tree_is_counted_not_scanned_and_real_errors_stay(tmp_path: Path) -> None:
    _tree(tmp_path)
    result = _scan(tmp_path)
    assert sorted((p.input, p.reason) for p in result.problems) == [
        ("app/braces.py", "Python syntax error at line 4: invalid syntax"),
        ("app/broken.py", "Python syntax error at line 4: invalid syntax"),
    ]
    wheres = sorted(r.where for r in result.records if r.kind == "blocking-in-async")  # type: ignore[attr-defined]
    assert wheres == ["tmpl/hooks/post_gen_project.py:4"]  # the hook is the project's code
    assert result.detail.endswith(", 4 template files not scanned"), result.detail


def test_a_scan_without_templates_says_nothing_of_them(tmp_path: Path) -> None:
    (tmp_path / "hook.py").write_text(HOOK)
    result = _scan(tmp_path)
    assert result.problems == []
    assert "template" not in result.detail


def test_only_the_templates_under_the_paths_asked_for_are_counted(tmp_path: Path) -> None:
    _tree(tmp_path)
    result = _scan(tmp_path, "tmpl")
    assert result.problems == []
    assert result.detail.endswith(", 3 template files not scanned"), result.detail
    result = _scan(tmp_path, "app/broken.py")
    assert "template" not in result.detail


@pytest.mark.parametrize(
    ("source", "template"),
    [
        ("{{cookiecutter.name}} = Blueprint(\n    __name__)\n", True),
        ("import ckanext.{{cookiecutter.project}}.plugin as plugin\n", True),
        ("def test_{{cookiecutter.project}}_sum():\n    pass\n", True),
        ("{%if cookiecutter.include_examples|int%}\nimport a\n{%endif%}\n", True),
        ("{# a note for the template #}\nx = 1\n", True),
        ('x = "é"; {{ a }} = 1\n', True),
        ('x = f"{{a}}" +\n', False),  # the error is at the end, not on the escaped brace
        ('print("{{x}}"\n', False),  # an unclosed call, a marker only inside its string
        ("def f(:\n    pass\n", False),
        # a code generator's placeholder where a name goes (deer-flow's skill templates)
        ("async def test_<entry_point>_offloads(tmp_path):\n    pass\n", True),
        ("x = a < b >\n", False),  # comparisons, the error at the end
    ],
)
def test_a_parse_failure_is_a_template_only_where_it_sits_on_a_marker(
    source: str, template: bool
) -> None:
    try:
        compile(source, "m.py", "exec")
    except SyntaxError as exc:
        assert error_on_marker(source, exc.lineno, exc.offset) is template
    else:
        pytest.fail("the case must not parse")
