import requests

_session = requests.Session()


def weekly_metrics(base_url: str, workspace_id: str, week: str) -> dict:
    resp = _session.get(f"{base_url}/v1/workspaces/{workspace_id}/weekly", params={"week": week}, timeout=(3, 20))
    resp.raise_for_status()
    return resp.json()
