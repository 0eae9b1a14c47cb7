"""`python -m proofsmith.cli submit BATCH PDF PAGES [--rush]` and `budget PAGES`."""
from __future__ import annotations

import argparse
import logging
import sys

from .budget import describe
from .queues import submit_render


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    p = argparse.ArgumentParser(prog="proofsmith")
    sub = p.add_subparsers(dest="cmd", required=True)
    sp = sub.add_parser("submit")
    sp.add_argument("batch")
    sp.add_argument("pdf")
    sp.add_argument("pages", type=int)
    sp.add_argument("--rush", action="store_true")
    sp.add_argument("--customer", default="")
    bp = sub.add_parser("budget")
    bp.add_argument("pages", type=int)
    a = p.parse_args(argv)
    if a.cmd == "submit":
        job = submit_render(a.batch, a.pdf, a.pages, rush=a.rush, customer=a.customer)
        print(job.id)
    else:
        print(describe(a.pages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
