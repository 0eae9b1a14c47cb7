import datetime as dt
import logging
import sys

from .classify import Classifier
from .helpdesk import Helpdesk
from .settings import get_settings

logging.basicConfig(
    stream=sys.stdout,
    level=logging.INFO,
    format="[%(asctime)s] %(levelname)s %(name)s: %(message)s",
    datefmt="%Y-%m-%d %H:%M:%S",
)
log = logging.getLogger("triage")


def main() -> int:
    settings = get_settings()
    desk = Helpdesk(settings)
    clf = Classifier(settings)

    since = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=settings.triage_lookback_minutes)
    tickets = desk.untriaged(since, settings.triage_batch_size)
    log.info("env=%s model=%s tickets=%d", settings.app_env, settings.anthropic_model, len(tickets))

    for t in tickets:
        category, priority = clf.classify(t["subject"], t.get("description", ""))
        desk.apply(t["id"], category, priority)
        log.info("ticket %s -> %s/%s", t["id"], category, priority)
    log.info("done, %d tickets triaged", len(tickets))
    return 0


if __name__ == "__main__":
    sys.exit(main())
