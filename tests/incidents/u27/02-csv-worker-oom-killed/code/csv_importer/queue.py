from redis import Redis
from rq import Queue

from csv_importer import settings


def get_queue() -> Queue:
    return Queue(settings.IMPORT_QUEUE, connection=Redis.from_url(settings.REDIS_URL))
