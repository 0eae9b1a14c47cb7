#!/usr/bin/env bash
# Run on the VM as root after copying the repository to /opt/transcoder.
set -euo pipefail
id transcoder >/dev/null 2>&1 || useradd --system --home /var/lib/transcoder transcoder
install -d -o transcoder -g transcoder /var/lib/transcoder
python3 -m venv /opt/transcoder/venv
/opt/transcoder/venv/bin/pip install -r /opt/transcoder/requirements.txt
install -m 0644 deploy/transcode-worker.service /etc/systemd/system/
systemctl daemon-reload
systemctl enable --now transcode-worker
