#!/bin/bash
# Startup script of the ingest-spot instance template.
set -euo pipefail

install -d -o tidewater -g tidewater /opt/tidewater
gcloud secrets versions access latest --secret=tidewater-worker-env > /etc/tidewater/worker.env
chmod 600 /etc/tidewater/worker.env

cd /opt/tidewater/app
sudo -u tidewater git fetch --quiet origin && sudo -u tidewater git checkout --quiet "$(curl -s -H 'Metadata-Flavor: Google' \
  http://metadata.google.internal/computeMetadata/v1/instance/attributes/app-ref)"
sudo -u tidewater /opt/tidewater/venv/bin/pip install --quiet -r requirements.txt

cp deploy/systemd/rq-ingest@.service /etc/systemd/system/
systemctl daemon-reload
systemctl enable --now rq-ingest@1 rq-ingest@2
