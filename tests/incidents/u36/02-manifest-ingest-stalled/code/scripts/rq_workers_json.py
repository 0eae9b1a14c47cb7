"""Dump RQ worker registrations as JSON (for tickets / post-mortems).

    REDIS_URL=redis://... python scripts/rq_workers_json.py > workers.json
"""
import json
import os

from redis import Redis
from rq import Worker


def main() -> None:
    r = Redis.from_url(os.environ["REDIS_URL"])
    out = []
    for w in Worker.all(connection=r):
        out.append(
            {
                "name": w.name,
                "hostname": w.hostname,
                "pid": w.pid,
                "state": str(w.get_state()),
                "queues": w.queue_names(),
                "birth": w.birth_date.isoformat() if w.birth_date else None,
                "last_heartbeat": w.last_heartbeat.isoformat() if w.last_heartbeat else None,
                "current_job": w.get_current_job_id(),
                "key_ttl_s": r.ttl(w.key),
            }
        )
    print(json.dumps(sorted(out, key=lambda d: d["name"]), indent=2))


if __name__ == "__main__":
    main()
