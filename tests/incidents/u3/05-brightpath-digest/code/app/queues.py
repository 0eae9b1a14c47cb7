import os

from redis import Redis
from rq import Queue

redis = Redis.from_url(os.environ.get("REDIS_URL", "redis://10.20.0.5:6379/2"))

mail_queue = Queue("mail", connection=redis, default_timeout=300)
maintenance_queue = Queue("maintenance", connection=redis, default_timeout=1800)
