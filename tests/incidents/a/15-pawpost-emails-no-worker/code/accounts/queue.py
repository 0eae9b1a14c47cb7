from django.conf import settings
from redis import Redis
from rq import Queue

emails = Queue("emails", connection=Redis.from_url(settings.REDIS_URL))
