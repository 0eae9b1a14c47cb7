from datetime import date

from fakeredis import FakeStrictRedis
from rq import Queue

from ledgersync.enqueue import enqueue_day


def test_one_job_per_partition():
    q = Queue("ledger", connection=FakeStrictRedis())
    jobs = enqueue_day(q, date(2026, 11, 30), 8)
    assert [j.id for j in jobs][:2] == ["reconcile-20261130-p0", "reconcile-20261130-p1"]
    assert q.count == 8
