"""``opsdoc checks`` lists from a per-module cache, and the cache never goes stale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from opsdoc.commands.checks import CACHE_NAME, list_checks
from opsdoc.plugin import load_registry


def test_cached_listing_equals_the_registry(private_cache: Path) -> None:
    cold, problems = list_checks()
    assert (private_cache / "opsdoc" / CACHE_NAME).exists() and problems == []
    warm, _ = list_checks()
    assert warm == cold
    registry = load_registry()
    assert [r.code for r in warm] == [s.code for s in registry.sorted()]
    assert {r.code: r.title for r in warm} == {s.code: s.title for s in registry.sorted()}


def test_a_warm_listing_imports_no_check_module(private_cache: Path) -> None:
    list_checks()  # fills the cache
    probe = (
        "import sys\nfrom opsdoc.commands.checks import list_checks\nrows, _ = list_checks()\n"
        "print(len(rows), sorted(m for m in sys.modules if m.startswith('opsdoc.checks.') or m == 'opsdoc.evidence'))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    count, modules = out.stdout.split(" ", 1)
    assert int(count) >= 30 and modules.strip() == "[]"


def test_an_edited_or_new_plugin_is_picked_up(private_cache: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    module = site / "my_plugin.py"
    module.write_text(
        "from opsdoc.evidence import CodeSite\nfrom opsdoc.plugin import check\n\n"
        "@check('Z300', 'First title', needs={CodeSite})\ndef z(ev):\n    return iter(())\n"
    )
    info = site / "my_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: my-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[opsdoc.checks]\nmine = my_plugin\n")
    env = dict(os.environ, PYTHONPATH=str(site))

    def titles() -> dict[str, str]:
        out = subprocess.run(
            [sys.executable, "-m", "opsdoc", "checks", "--format", "json"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        return {r["code"]: r["title"] for r in json.loads(out.stdout)["checks"]}

    assert titles()["Z300"] == "First title"
    module.write_text(module.read_text().replace("First title", "Second, longer title"))
    assert titles()["Z300"] == "Second, longer title"
