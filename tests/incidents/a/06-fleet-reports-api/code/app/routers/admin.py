import requests
from fastapi import APIRouter

from ..settings import settings

router = APIRouter(prefix="/admin")


@router.get("/upstream-status")
async def upstream_status():
    resp = requests.get(settings.status_page_url, timeout=5)
    return {"status": resp.json().get("status", {}).get("indicator", "unknown")}
