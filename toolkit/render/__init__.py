"""Report renderers: one module per output format, all fed the same ranked `Report`.

Modules are imported only when their format is asked for, so printing text
never pays for the XML or SARIF machinery.
"""

from __future__ import annotations

import importlib
from enum import StrEnum
from typing import Protocol, cast

from opsdoc.report import Report


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"
    MARKDOWN = "markdown"
    CONCISE = "concise"
    GITHUB = "github"

    @classmethod
    def parse(cls, text: str) -> Format:
        """The format named by ``text``; ValueError listing the choices otherwise."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(f.value for f in cls)
            raise ValueError(f"unknown format {text!r} (expected one of {names})") from None


_MODULES = {
    Format.TEXT: "opsdoc.render.text",
    Format.JSON: "opsdoc.render.json_report",
    Format.SARIF: "opsdoc.render.sarif",
    Format.JUNIT: "opsdoc.render.junit",
    Format.MARKDOWN: "opsdoc.render.markdown",
    Format.CONCISE: "opsdoc.render.concise",
    Format.GITHUB: "opsdoc.render.github",
}


class _Renderer(Protocol):
    def render(self, report: Report, *, color: bool = False) -> str: ...


def render(
    report: Report, fmt: Format | str, *, color: bool = False, show_checks: bool = False
) -> str:
    """The report in ``fmt``. ``color`` adds ANSI styles (text format only);
    ``show_checks`` adds the table of checks (text format only).

    Raises ValueError for an unknown format name (the CLI reports it as a usage error).
    """
    chosen = fmt if isinstance(fmt, Format) else Format.parse(fmt)
    module = cast(_Renderer, importlib.import_module(_MODULES[chosen]))
    if show_checks and chosen is Format.TEXT:
        from opsdoc.render import text

        return text.render(report, color=color, show_checks=True)
    return module.render(report, color=color)


__all__ = ["Format", "render"]
