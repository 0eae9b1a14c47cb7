from redis import Redis
from rq import Queue, Retry

from .tasks import send_push


def push_later(conn: Redis, user_id: int, template: str, data: dict):
    q = Queue("notifications", connection=conn)
    return q.enqueue(send_push, user_id, template, data, job_timeout=60, retry=Retry(max=3), result_ttl=3600)
