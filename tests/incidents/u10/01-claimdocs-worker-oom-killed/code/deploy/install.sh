#!/usr/bin/env bash
# Run on the VM by the release pipeline: ./install.sh <git-sha>
set -euo pipefail
sha="$1"
dest=/opt/claimdocs/releases/$sha
sudo -u claimdocs git -C /opt/claimdocs/src fetch --quiet origin
sudo -u claimdocs git -C /opt/claimdocs/src worktree add --force "$dest" "$sha"
sudo -u claimdocs /opt/claimdocs/venv/bin/pip install --quiet -r "$dest/requirements.txt"
ln -sfn "$dest" /opt/claimdocs/current
install -m 0644 "$dest/deploy/claimdocs-worker.service" /etc/systemd/system/claimdocs-worker.service
systemctl daemon-reload
systemctl restart claimdocs-worker.service
