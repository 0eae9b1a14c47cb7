#!/usr/bin/env bash
# Starts the drafting pipeline on the box: the retry manager and the draft worker.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p logs data/drafts

for name in retry_manager draft_worker; do
    if [[ -f "run/$name.pid" ]] && kill -0 "$(cat "run/$name.pid")" 2>/dev/null; then
        echo "$name already running (pid $(cat "run/$name.pid"))"
        continue
    fi
    mkdir -p run
    nohup python3 -m "pipeline.$name" >>"logs/$name.out" 2>&1 &
    echo $! >"run/$name.pid"
    echo "started $name (pid $!)"
done

# "Is it alive?" is answered by data/draft_worker_status.json: the worker rewrites it
# on every loop iteration (every few seconds while busy or idle).
