#!/usr/bin/env bash
set -euo pipefail
# usage: sudo deploy/install.sh <git-ref>
REF=${1:-main}
cd /opt/invoice-sync
sudo -u invoice-sync git fetch --tags origin
sudo -u invoice-sync git checkout "$REF"
sudo -u invoice-sync .venv/bin/pip install -q -r requirements.txt -e .
install -m 0644 deploy/invoice-sync.service /etc/systemd/system/invoice-sync.service
systemctl daemon-reload
systemctl restart invoice-sync
systemctl --no-pager status invoice-sync
