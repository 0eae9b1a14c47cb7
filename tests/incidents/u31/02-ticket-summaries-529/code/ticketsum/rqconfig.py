"""Settings for `rq worker -c ticketsum.rqconfig`.

Importing the job module here loads anthropic/pydantic once in the worker
process instead of in every forked work horse.
"""
import ticketsum.jobs  # noqa: F401

from ticketsum.settings import settings

REDIS_URL = settings.redis_url
QUEUES = [settings.queue_name]
