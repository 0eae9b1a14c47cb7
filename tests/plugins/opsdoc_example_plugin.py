"""A third-party check plugin, as a user would write one (used by tests)."""

from collections.abc import Iterator

from opsdoc.evidence import CodeSite, Evidence
from opsdoc.findings import Hit, Severity, quote
from opsdoc.plugin import check


@check("Z100", "Worker module without a docstring", needs={CodeSite}, severity=Severity.WARNING)
def undocumented_worker(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Flags blocking waits in modules whose path contains ``worker``.
    """
    for site in ev.code("blocking-wait"):
        if "worker" in site.path:
            yield Hit(
                subject=site.where,
                summary="a worker waits here",
                evidence=(quote("code", site.where, site.snippet),),
            )
