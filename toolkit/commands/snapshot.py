"""``opsdoc snapshot``: freeze live Redis/RQ evidence into one file for a ticket.

The person who can reach production Redis is rarely the one who will read the
diagnosis. The file holds the evidence records themselves (redacted: refs carry no
password, job descriptions and exceptions pass through redaction), and
``opsdoc diagnose --evidence FILE`` reads it back to the same findings.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--redis",
        action="append",
        default=[],
        metavar="URL",
        help="Redis URL to read (repeatable; default: $REDIS_URL)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    parser.add_argument(
        "--timeout", type=float, default=15.0, metavar="S", help="bound per server, seconds"
    )
    parser.add_argument(
        "--sample-jobs",
        type=int,
        default=200,
        metavar="N",
        help="jobs to sample per server (default: 200)",
    )
    parser.add_argument(
        "--as-of", metavar="TIMESTAMP", help="capture time to record (default: now)"
    )


def run(args: argparse.Namespace) -> int:
    from opsdoc.cli import EXIT_INCOMPLETE, EXIT_OK, UsageError, parse_as_of
    from opsdoc.sources.base import SourceContext
    from opsdoc.sources.exports.snapshot import dump_records
    from opsdoc.sources.redis_rq import RedisSource

    urls = list(args.redis) or [u for u in [os.environ.get("REDIS_URL", "")] if u]
    if not urls:
        raise UsageError("nothing to capture: pass --redis URL or set REDIS_URL")
    if args.timeout is None or args.timeout <= 0:
        raise UsageError("--timeout must be a positive number of seconds")
    if args.sample_jobs < 0:
        raise UsageError("--sample-jobs must be 0 or more")
    captured_at = parse_as_of(args.as_of) if args.as_of else datetime.now(UTC)
    source = RedisSource(urls, timeout_s=args.timeout, sample_jobs=args.sample_jobs)
    ctx = SourceContext(as_of=captured_at, root=".", deadline_s=args.timeout)
    result = source.collect(ctx)
    for problem in result.problems:
        print(f"opsdoc: {problem.input}: {problem.reason}", file=sys.stderr)
    failures = [(p.input, p.reason) for p in result.problems]
    text = json.dumps(dump_records(result.records, captured_at, failures), indent=1, sort_keys=True)
    if args.output:
        try:
            Path(args.output).write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"--output {args.output}: {exc.strerror or exc}") from None
        failed = f"; the capture FAILED ({len(failures)} problems)" if failures else ""
        print(
            f"opsdoc: wrote {len(result.records)} records to {args.output} "
            f"({result.detail}){failed}",
            file=sys.stderr,
        )
    else:
        sys.stdout.write(text + "\n")
    return EXIT_INCOMPLETE if result.problems else EXIT_OK
