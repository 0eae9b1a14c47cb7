#!/usr/bin/env bash
set -euo pipefail
HOST=${1:-slackbot-1.int.northwind.dev}
rsync -az --delete --exclude .venv --exclude .git ./ "deploy@${HOST}:/opt/slackbot/"
ssh "deploy@${HOST}" 'cd /opt/slackbot && .venv/bin/pip install -q -r requirements.txt && sudo systemctl restart slackbot && systemctl --no-pager status slackbot | head -5'
