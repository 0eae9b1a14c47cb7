#!/bin/sh
# cron: */5 * * * * /opt/ingest/deploy/check_heartbeat.sh
# Pushes the heartbeat age to the node exporter textfile collector.
HB=/var/run/ingest/heartbeat.json
OUT=/var/lib/node_exporter/textfile/ingest_heartbeat.prom
if [ -f "$HB" ]; then
  TS=$(python3 -c 'import json,sys,datetime;print(int(datetime.datetime.fromisoformat(json.load(open(sys.argv[1]))["updated_at"]).timestamp()))' "$HB")
  echo "ingest_worker_heartbeat_timestamp_seconds $TS" > "$OUT.tmp" && mv "$OUT.tmp" "$OUT"
fi
