#!/bin/sh
# cron: * * * * *  exports heartbeat age for node_exporter's textfile collector
HB=/run/fieldwire/compactor-heartbeat.json
TS=$(python3 -c "import json,datetime;print(int(datetime.datetime.fromisoformat(json.load(open('$HB'))['ts']).timestamp()))")
echo "fieldwire_compactor_heartbeat_timestamp_seconds $TS" > /var/lib/node_exporter/textfile/compactor.prom.$$
mv /var/lib/node_exporter/textfile/compactor.prom.$$ /var/lib/node_exporter/textfile/compactor.prom
