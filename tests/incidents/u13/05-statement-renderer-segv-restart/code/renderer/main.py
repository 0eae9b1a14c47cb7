import faulthandler
import logging
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from renderer import __version__, accounts, delivery, ledger, pdf, settings

log = logging.getLogger("renderer")


def render_one(account, month: str) -> str:
    body = pdf.build_pdf(account, month, ledger.lines(account.account_id, month))
    preview = pdf.preview_png(body)
    uri = delivery.upload(account.account_id, month, body)
    if settings.SEND_EMAILS:
        delivery.email(account, month, preview)
    return uri


def main() -> int:
    faulthandler.enable()
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    month = settings.STATEMENT_MONTH
    log.info(
        "statement-renderer %s starting: task %d/%d attempt %d month %s threads %d",
        __version__, settings.TASK_INDEX, settings.TASK_COUNT, settings.TASK_ATTEMPT, month, settings.RENDER_THREADS,
    )
    shard = accounts.shard(settings.TASK_INDEX, settings.TASK_COUNT)
    log.info("shard %d: %d accounts", settings.TASK_INDEX, len(shard))
    started = time.monotonic()
    done = 0
    with ThreadPoolExecutor(max_workers=settings.RENDER_THREADS) as pool:
        for account, uri in zip(shard, pool.map(lambda a: render_one(a, month), shard)):
            done += 1
            log.info("rendered %s -> %s (%d/%d)", account.account_id, uri, done, len(shard))
    log.info("shard %d done: %d statements in %.1fs", settings.TASK_INDEX, done, time.monotonic() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
