import json
from types import SimpleNamespace

from review_digest.config import Config
from review_digest.worker import run


class FakeSubscriber:
    def __init__(self, batches):
        self.batches = list(batches)
        self.acked, self.modified = [], []

    def subscription_path(self, project, sub):
        return f"projects/{project}/subscriptions/{sub}"

    def pull(self, request, timeout):
        msgs = self.batches.pop(0) if self.batches else []
        return SimpleNamespace(received_messages=msgs)

    def modify_ack_deadline(self, request):
        self.modified.append(request)

    def acknowledge(self, request):
        self.acked.extend(request["ack_ids"])

    def close(self):
        pass


def msg(i):
    data = json.dumps({"review_id": f"r{i}", "product_id": "p1", "rating": 4, "text": "ok"}).encode()
    return SimpleNamespace(ack_id=f"a{i}", message=SimpleNamespace(data=data))


class Clf:
    def classify(self, review):
        return {"sentiment": "positive", "topics": [], "needs_followup": False}


class Sink:
    def __init__(self):
        self.rows = []

    def write(self, rows):
        self.rows.extend(rows)


def test_drains_and_exits_zero():
    sub = FakeSubscriber([[msg(1), msg(2)], [msg(3)]])
    sink = Sink()
    rc = run(Config(empty_pulls_before_exit=1), Clf(), sink, subscriber=sub)
    assert rc == 0
    assert sub.acked == ["a1", "a2", "a3"]
    assert len(sink.rows) == 3
