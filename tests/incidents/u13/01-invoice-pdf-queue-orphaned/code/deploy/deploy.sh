#!/usr/bin/env bash
# Blue/green-ish deploy onto the billing VM: unpack release, install deps, restart units.
set -euo pipefail
REL="$1"
ssh billing-1 "set -e
  tar -C /srv/ledgerly/releases -xzf /srv/ledgerly/incoming/ledgerly-${REL}.tgz
  /srv/ledgerly/venv/bin/pip install -q -r /srv/ledgerly/releases/${REL}/requirements.txt
  ln -sfn /srv/ledgerly/releases/${REL} /srv/ledgerly/current
  sudo cp /srv/ledgerly/current/deploy/systemd/*.service /srv/ledgerly/current/deploy/systemd/*.target /etc/systemd/system/
  sudo systemctl daemon-reload
  sudo systemctl restart ledgerly-web.service ledgerly-workers.target"
