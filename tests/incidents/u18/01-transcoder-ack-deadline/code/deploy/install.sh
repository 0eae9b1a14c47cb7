#!/usr/bin/env bash
# Run on the VM by the startup script of instance template transcoder-tmpl-v7.
set -euo pipefail
id transcoder >/dev/null 2>&1 || useradd --system --home /opt/transcoder transcoder
apt-get install -y ffmpeg python3-venv
install -d -o transcoder -g transcoder /opt/transcoder /var/lib/transcoder/scratch /etc/transcoder
rsync -a --delete ./transcoder /opt/transcoder/
python3 -m venv /opt/transcoder/venv
/opt/transcoder/venv/bin/pip install -r requirements.txt
install -m 0644 deploy/transcoder.service /etc/systemd/system/transcoder.service
systemctl daemon-reload
systemctl enable --now transcoder
