import json
import logging

import requests

log = logging.getLogger(__name__)

_session = requests.Session()


class EntryRejected(Exception):
    pass


def post_entry(api_url: str, entry: dict) -> str:
    resp = _session.post(
        f"{api_url}/v2/journal-entries",
        json=entry,
        timeout=(3.05, 20),
    )
    if resp.status_code == 422:
        raise EntryRejected(resp.text[:200])
    resp.raise_for_status()
    return resp.json()["id"]


def handle(api_url: str, message) -> None:
    try:
        entry = json.loads(message.data)
    except ValueError:
        log.error("dropping non-JSON message %s", message.message_id)
        message.ack()
        return

    try:
        journal_id = post_entry(api_url, entry)
    except EntryRejected as exc:
        log.warning("entry %s rejected by ledger: %s", entry.get("ref"), exc)
        message.ack()
        return
    except requests.RequestException:
        log.exception("ledger unavailable, will redeliver %s", message.message_id)
        message.nack()
        return

    log.info("synced %s -> %s", entry.get("ref"), journal_id)
    message.ack()
