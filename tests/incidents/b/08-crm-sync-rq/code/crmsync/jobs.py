import logging

from . import hubclient, store

logger = logging.getLogger("crmsync.jobs")


def sync_account(account_id: int):
    try:
        token = store.token_for(account_id)
        since = store.last_sync(account_id)
        contacts = hubclient.fetch_contacts(account_id, token, since)
        n = store.upsert_contacts(account_id, contacts)
        logger.info("account %s: %s contacts synced", account_id, n)
        return n
    except Exception:
        logger.exception("sync failed for account %s", account_id)
        return None
