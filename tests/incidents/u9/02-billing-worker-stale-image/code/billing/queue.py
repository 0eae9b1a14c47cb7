from redis import Redis
from rq import Queue, Retry

from . import config

redis_conn = Redis.from_url(config.REDIS_URL)
billing_queue = Queue(config.RECEIPT_QUEUE, connection=redis_conn, default_timeout=120)


def enqueue_checkout_followups(order_id: int) -> None:
    billing_queue.enqueue("billing.jobs.assign_invoice_number", order_id,
                          job_id=f"invoice-{order_id}")
    billing_queue.enqueue("billing.tasks.receipts.send", order_id,
                          job_id=f"receipt-{order_id}",
                          retry=Retry(max=2, interval=[30, 120]),
                          depends_on=f"invoice-{order_id}")
