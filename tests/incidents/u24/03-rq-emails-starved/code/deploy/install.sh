#!/usr/bin/env bash
# Run on the worker VM as root after a release is unpacked to /opt/ledgerly/current.
# Stopping waits for running jobs (warm shutdown, TimeoutStopSec=3600).
set -euo pipefail
cd /opt/ledgerly/current
/opt/ledgerly/venv/bin/pip install -r requirements.txt
systemctl stop rq-worker@1 rq-worker@2
install -m 0644 deploy/systemd/rq-worker@.service /etc/systemd/system/
for d in deploy/systemd/rq-worker@*.service.d; do
  [ -d "$d" ] || continue
  install -d "/etc/systemd/system/$(basename "$d")"
  install -m 0644 "$d"/*.conf "/etc/systemd/system/$(basename "$d")/"
done
systemctl daemon-reload
systemctl enable rq-worker@1 rq-worker@2
systemctl start rq-worker@1 rq-worker@2
