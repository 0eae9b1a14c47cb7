from unittest import mock

import fakeredis
from rq import Queue

from nightly import enqueue


def test_enqueues_one_job_per_account():
    fake = fakeredis.FakeRedis()
    with mock.patch.object(enqueue.Redis, "from_url", return_value=fake), \
         mock.patch.object(enqueue, "active_account_ids", return_value=[1, 2, 3]):
        assert enqueue.main(["--as-of", "2026-12-03"]) == 0
    q = Queue("default", connection=fake)
    assert q.count == 3
    assert q.jobs[0].retries_left == 2
