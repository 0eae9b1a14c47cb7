from redis import Redis
from rq import Queue

from . import settings

redis = Redis.from_url(settings.REDIS_URL)

default = Queue("default", connection=redis)
emails = Queue("emails", connection=redis)
