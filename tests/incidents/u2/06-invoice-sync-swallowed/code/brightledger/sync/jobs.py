import logging

from ..logfmt import setup
from . import store
from .client import LedgerHub

setup()
log = logging.getLogger("brightledger.sync.jobs")


def sync_tenant_invoices(tenant: str) -> dict:
    pushed = 0
    try:
        invoices = store.pending_invoices(tenant)
        hub = LedgerHub(store.access_token(tenant))
        for inv in invoices:
            remote_id = hub.push_invoice(tenant, inv)
            store.mark_synced(tenant, inv["number"], remote_id)
            pushed += 1
        log.info("tenant synced", extra={"tenant": tenant, "pushed": pushed})
    except Exception as e:
        log.warning("sync stopped early", extra={"tenant": tenant, "pushed": pushed, "err": repr(e)})
    return {"tenant": tenant, "pushed": pushed}
