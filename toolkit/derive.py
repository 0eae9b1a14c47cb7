"""Evidence derived from other evidence, between collection and checks.

Some facts hide inside records of another kind: a model ID in a 404 log line,
in a Cloud Run job's environment. Deriving them once here keeps every source
simple and every check pure.
"""

from __future__ import annotations

from dataclasses import replace

from opsdoc.evidence import Evidence, JobConfig, LogRecord, ModelRef, Record, ServiceConfig


def derive(ev: Evidence) -> list[Record]:
    """New records implied by the collected ones (never duplicates of them)."""
    out: list[Record] = []
    # A 404 names the ID as the request spelled it, which need not contain "claude"
    # (an alias typo such as ``sonnet-4.5``): every line naming a model is read.
    if any("model" in rec.message for rec in ev.of(LogRecord)):
        from opsdoc.models.extract import model_refs_in_log

        for rec in ev.of(LogRecord):
            if "model" in rec.message:
                out.extend(model_refs_in_log(rec.message, rec.ref))
    configs: list[JobConfig | ServiceConfig] = [*ev.of(JobConfig), *ev.of(ServiceConfig)]
    for cfg in configs:
        lines = [f"{k}={v}" for k, v in cfg.env if "claude" in v]
        lines += [a for a in (*cfg.command, *cfg.args) if "claude" in a]
        if not lines:
            continue
        from opsdoc.models.extract import model_refs_in_text

        for ref in model_refs_in_text("\n".join(lines), cfg.ref.location, "env"):
            out.append(replace(ref, ref=cfg.ref))
    known = {(r.model_id, r.ref) for r in ev.of(ModelRef)}
    return [r for r in out if not (isinstance(r, ModelRef) and (r.model_id, r.ref) in known)]
