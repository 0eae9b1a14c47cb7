#!/usr/bin/env bash
set -euo pipefail
cd /srv/helpdesk/app
git pull --ff-only
/srv/helpdesk/venv/bin/pip install -r requirements.txt
/srv/helpdesk/venv/bin/python manage.py migrate --noinput
/srv/helpdesk/venv/bin/python manage.py collectstatic --noinput
sudo systemctl restart ticket-worker
sudo systemctl reload helpdesk-web
