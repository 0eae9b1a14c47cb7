from google.cloud import storage

from . import config

_client = None


def _bucket():
    global _client
    if _client is None:
        _client = storage.Client()
    return _client.bucket(config.CONTRACTS_BUCKET)


def load_contract(contract_id: str) -> tuple[str, str]:
    blob = _bucket().get_blob(f"extracted/{contract_id}.txt")
    if blob is None:
        raise KeyError(contract_id)
    title = (blob.metadata or {}).get("title", contract_id)
    return title, blob.download_as_text()
