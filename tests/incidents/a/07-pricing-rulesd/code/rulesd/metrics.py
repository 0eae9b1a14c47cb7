import logging
import threading
import urllib.request

log = logging.getLogger("rulesd.metrics")


class MetricsPusher(threading.Thread):
    """Pushes counters to the Prometheus pushgateway every `period` seconds."""

    def __init__(self, daemon, gateway: str, period: int = 60):
        super().__init__(name="metrics", daemon=True)
        self.daemon_ref = daemon
        self.gateway = gateway
        self.period = period
        self._stop_evt = threading.Event()

    def run(self) -> None:
        while not self._stop_evt.wait(self.period):
            body = f"rulesd_priced_total {self.daemon_ref.priced_total}\n".encode()
            try:
                req = urllib.request.Request(f"{self.gateway}/metrics/job/rulesd", data=body, method="PUT")
                urllib.request.urlopen(req, timeout=5).close()
            except OSError as exc:
                log.warning("pushgateway unreachable: %s", exc)
                continue
            log.info("metrics pushed priced_total=%d", self.daemon_ref.priced_total)
