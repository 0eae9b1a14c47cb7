"""The anthropic SDK's own model lists: a second source of which model IDs exist.

The SDK ships a ``Model`` literal (the IDs its type hints accept) and a table of
deprecated IDs with their end-of-life day (it warns when one is used). An ID either
list names is real, whatever opsdoc's catalogue says: the catalogue may simply be
older than the SDK. The lists are read from the installed package's source files,
without importing it (importing the SDK costs more than all the model checks).
"""

from __future__ import annotations

import ast
import importlib.util
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)\b")


@dataclass(frozen=True)
class SdkModels:
    """What one installed anthropic SDK says about model IDs."""

    version: str
    """The SDK's version, or '' when it is not installed."""
    ids: frozenset[str] = frozenset()
    """The IDs of its ``Model`` literal."""
    end_of_life: dict[str, date | None] = field(default_factory=dict)
    """Deprecated IDs -> end-of-life day (None when the SDK's text is not a date)."""

    def knows(self, model_id: str) -> bool:
        return model_id in self.ids or model_id in self.end_of_life

    @property
    def label(self) -> str:
        return f"anthropic SDK {self.version}" if self.version else "anthropic SDK"


def _strings(tree: ast.AST) -> list[str]:
    return [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def _day(text: str) -> date | None:
    cleaned = _ORDINAL.sub(r"\1", text.strip())
    for fmt in ("%B %d, %Y", "%Y-%m-%d", "%b %d, %Y"):
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def read_sdk(package_dir: Path, version: str = "") -> SdkModels:
    """The lists of an SDK whose package directory is ``package_dir``; missing files give
    empty lists (older SDKs have no deprecation table)."""
    ids: set[str] = set()
    eol: dict[str, date | None] = {}
    model_file = package_dir / "types" / "model.py"
    try:
        tree = ast.parse(model_file.read_text(encoding="utf-8"))
        ids = {s for s in _strings(tree) if s.startswith("claude-")}
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError):
        pass
    table = package_dir / "_data" / "deprecated_models.py"
    try:
        tree = ast.parse(table.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=False):
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        text = value.value if isinstance(value, ast.Constant) else ""
                        eol[key.value] = _day(str(text))
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError):
        pass
    if not version:
        try:
            tree = ast.parse((package_dir / "_version.py").read_text(encoding="utf-8"))
            version = next((s for s in _strings(tree) if s[:1].isdigit()), "")
        except (OSError, SyntaxError, ValueError, UnicodeDecodeError):
            version = ""
    return SdkModels(version, frozenset(ids), eol)


@lru_cache(maxsize=1)
def installed_sdk() -> SdkModels:
    """The lists of the anthropic SDK installed with opsdoc (empty when it is absent)."""
    try:
        spec = importlib.util.find_spec("anthropic")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        return SdkModels("")
    return read_sdk(Path(next(iter(spec.submodule_search_locations))))
