#!/bin/sh
set -eu
# run as root on etl-vm-N
install -d -o csvimport -g csvimport /opt/csv-importer /var/lib/csv-importer/uploads
rsync -a --delete --exclude venv ./ /opt/csv-importer/
[ -d /opt/csv-importer/venv ] || python3 -m venv /opt/csv-importer/venv
/opt/csv-importer/venv/bin/pip install -q -r /opt/csv-importer/requirements.txt
install -m 0644 deploy/csv-worker.service deploy/csv-importer-api.service /etc/systemd/system/
systemctl daemon-reload
systemctl enable --now csv-worker csv-importer-api
systemctl restart csv-worker csv-importer-api
