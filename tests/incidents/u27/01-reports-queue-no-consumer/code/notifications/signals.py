from portal.queues import get_queue
from notifications.jobs import send_notification


def notify(user, subject, body, urgent=False):
    queue = get_queue("high" if urgent else "default")
    return queue.enqueue(send_notification, user.email, subject, body)
