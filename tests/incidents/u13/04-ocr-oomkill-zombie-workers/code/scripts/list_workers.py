import os
from datetime import datetime, timezone
from redis import Redis
from rq import Worker
r = Redis.from_url(os.environ["REDIS_URL"])
now = datetime.now(timezone.utc)
print(f"{'worker':34} {'host':28} {'pid':>5} {'state':6} {'last_heartbeat (UTC)':26} {'age_s':>6} {'key_ttl':>7} current_job")
for w in sorted(Worker.all(connection=r), key=lambda w: w.last_heartbeat):
    age = (now - w.last_heartbeat.replace(tzinfo=timezone.utc)).total_seconds()
    print(f"{w.name:34} {w.hostname:28} {w.pid:>5} {w.get_state():6} {w.last_heartbeat.isoformat():26} {age:6.0f} {r.ttl(w.key):7} {w.get_current_job_id()}")
