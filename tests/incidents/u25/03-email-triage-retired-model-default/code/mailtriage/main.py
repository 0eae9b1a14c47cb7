import logging
import sys
import time
from collections import Counter

from . import config
from .classifier import Classifier
from .helpdesk import Helpdesk

log = logging.getLogger("mailtriage")


def run():
    helpdesk = Helpdesk()
    classifier = Classifier()
    since = time.time() - config.LOOKBACK_HOURS * 3600
    tickets = helpdesk.untriaged_since(since, config.MAX_TICKETS)
    log.info("%d untriaged tickets since %s (model %s)", len(tickets), time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(since)), classifier.model)

    counts = Counter()
    for i, ticket in enumerate(tickets, 1):
        category, priority = classifier.classify(ticket)
        counts[category] += 1
        if not config.DRY_RUN:
            helpdesk.apply(ticket.id, category, priority)
        if i % 100 == 0:
            log.info("triaged %d/%d", i, len(tickets))
    log.info("done: %d tickets triaged %s", len(tickets), dict(counts))


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    run()


if __name__ == "__main__":
    main()
