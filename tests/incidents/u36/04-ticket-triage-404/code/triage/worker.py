"""Background triage workers fed by the webhook handler."""
import asyncio
import logging
import time

import anthropic

from triage.classifier import classify

log = logging.getLogger("triage.worker")


async def triage_worker(app, n: int) -> None:
    queue: asyncio.Queue = app["queue"]
    settings = app["settings"]
    while True:
        ticket = await queue.get()
        started = time.monotonic()
        try:
            result = await classify(app["anthropic"], settings.triage_model, ticket["subject"], ticket["description"])
        except anthropic.APIStatusError as exc:
            log.error("ticket %s: triage failed, tagging needs-triage: %s", ticket["id"], exc)
            await app["helpdesk"].update_ticket(ticket["id"], tags=["needs-triage"])
            app["stats"]["failed"] += 1
        except anthropic.APIConnectionError as exc:
            log.warning("ticket %s: anthropic unreachable (%s), requeueing", ticket["id"], exc)
            await asyncio.sleep(5)
            queue.put_nowait(ticket)
        else:
            await app["helpdesk"].update_ticket(
                ticket["id"],
                priority=result.priority,
                tags=[f"ai-{result.category}"],
                fields={"ai_summary": result.summary},
            )
            app["stats"]["triaged"] += 1
            log.info(
                "ticket %s: %s/%s in %.1fs",
                ticket["id"],
                result.category,
                result.priority,
                time.monotonic() - started,
            )
        finally:
            queue.task_done()
