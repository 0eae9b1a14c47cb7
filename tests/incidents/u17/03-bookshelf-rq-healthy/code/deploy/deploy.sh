#!/usr/bin/env bash
# Usage: deploy.sh <git-ref>   (run on the VM as root)
set -euo pipefail
REF=${1:?ref}
APP=/srv/bookshelf
REL=$APP/releases/$(date -u +%Y%m%d%H%M%S)

sudo -u bookshelf git -C $APP/repo fetch --quiet origin
sudo -u bookshelf git -C $APP/repo worktree add --detach "$REL" "$REF"
sudo -u bookshelf $APP/venv/bin/pip install --quiet -r "$REL/requirements.txt"
cd "$REL"
sudo -u bookshelf --preserve-env=DJANGO_SETTINGS_MODULE $APP/venv/bin/python manage.py migrate --noinput
sudo -u bookshelf $APP/venv/bin/python manage.py collectstatic --noinput >/dev/null
ln -sfn "$REL" $APP/current

systemctl restart bookshelf-web
for unit in rq-worker@1 rq-worker@2; do
    systemctl restart "$unit"      # warm shutdown: running job finishes first
    sleep 5
done
sudo -u bookshelf $APP/venv/bin/python manage.py register_schedules
systemctl restart rq-scheduler
