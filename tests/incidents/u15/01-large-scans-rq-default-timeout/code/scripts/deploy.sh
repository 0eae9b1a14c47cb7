#!/usr/bin/env bash
set -euo pipefail
HOST=${1:-scan-vm-1}
rsync -az --delete --exclude .venv --exclude .git ./ "$HOST":/opt/scanpipe/
ssh "$HOST" 'cd /opt/scanpipe && venv/bin/pip install -q -r requirements.txt \
  && sudo cp deploy/systemd/*.service /etc/systemd/system/ \
  && sudo systemctl daemon-reload \
  && sudo systemctl restart scanpipe-api rq-worker@1 rq-worker@2'
