"""Print rq worker registrations as JSON (attached to tickets by on-call)."""
import datetime as dt
import json
import os

from redis import Redis
from rq import Worker

conn = Redis.from_url(os.environ["REDIS_URL"])
rows = []
for w in Worker.all(connection=conn):
    rows.append({
        "name": w.name, "hostname": w.hostname, "pid": w.pid, "state": w.get_state(),
        "queues": w.queue_names(), "birth": w.birth_date.isoformat() if w.birth_date else None,
        "last_heartbeat": w.last_heartbeat.isoformat() if w.last_heartbeat else None,
        "key_ttl_s": conn.ttl(w.key), "successful_jobs": w.successful_job_count,
        "failed_jobs": w.failed_job_count,
    })
print(json.dumps({"generated_at": dt.datetime.now(dt.timezone.utc).isoformat(), "workers": rows}, indent=2))
