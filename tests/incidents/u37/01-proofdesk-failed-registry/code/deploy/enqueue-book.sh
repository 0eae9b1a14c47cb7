#!/bin/sh
# Usage: enqueue-book.sh BOOK_ID...   (run by the editorial portal's "Request copy-edit" button)
set -eu
set -a; . /etc/proofdesk/proofd.env; set +a
export ANTHROPIC_API_KEY="$(cat "$ANTHROPIC_API_KEY_FILE")"
cd /opt/proofdesk && exec ./venv/bin/python -m proofdesk.enqueue "$@"
