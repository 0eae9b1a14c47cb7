#!/bin/sh
# Nagios-style check used by the on-call dashboard.
f=/var/lib/route-indexer/heartbeat.json
age=$(( $(date +%s) - $(date -d "$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["last_beat"])' "$f")" +%s) ))
if [ "$age" -gt 300 ]; then echo "CRITICAL heartbeat ${age}s old"; exit 2; fi
echo "OK heartbeat ${age}s old"
