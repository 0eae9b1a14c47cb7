"""Evidence sources: live systems (read-only), exports and the project's code."""

from opsdoc.sources.base import InputProblem, Source, SourceContext, SourceResult

__all__ = ["InputProblem", "Source", "SourceContext", "SourceResult"]
