#!/bin/sh
# Nagios-style check run by the monitoring agent every 5 minutes.
STATUS=/var/lib/ingestd/status.json
MAX_AGE=${MAX_AGE:-300}
last=$(python3 -c "import json,sys;print(json.load(open('$STATUS'))['last_update'])") || exit 3
age=$(( $(date +%s) - $(date -d "$last" +%s) ))
if [ "$age" -gt "$MAX_AGE" ]; then echo "CRITICAL: ingestd status ${age}s old"; exit 2; fi
echo "OK: ingestd status ${age}s old"; exit 0
