import pytest

from usage_export.poll import ReportFailed, ReportNotReady, wait_for_report


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, s):
        self.now += s


class ScriptedClient:
    """Stands in for the provider: answers the scripted statuses in order."""

    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.calls = 0

    def report_status(self, account_id, report_id):
        self.calls += 1
        status = self.statuses.pop(0) if self.statuses else "running"
        info = {"status": status}
        if status == "done":
            info.update(row_count=10, download_url="https://x/y.csv")
        if status == "failed":
            info["error"] = "upstream timeout"
        return info


def test_waits_until_done_and_warns_late(caplog):
    clock = FakeClock()
    client = ScriptedClient(["queued"] + ["running"] * 10 + ["done"])
    info = wait_for_report(client, "a", "r", 30, 1200, 9, sleep=clock.sleep, clock=clock)
    assert info["status"] == "done"
    assert client.calls == 12
    assert clock.now == 330
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert [r.args[0] for r in warnings] == [9, 10, 11]


def test_gives_up_after_max_wait():
    clock = FakeClock()
    with pytest.raises(ReportNotReady):
        wait_for_report(ScriptedClient([]), "a", "r", 30, 300, 9, sleep=clock.sleep, clock=clock)
    assert clock.now == 300


def test_failed_report_raises():
    clock = FakeClock()
    with pytest.raises(ReportFailed):
        wait_for_report(ScriptedClient(["queued", "failed"]), "a", "r", 30, 300, 9, sleep=clock.sleep, clock=clock)
