import logging

from django.db import connection
from django.http import JsonResponse

from .digest import fleet_digest
from .llm import write_report

log = logging.getLogger(__name__)


def healthz(request):
    return JsonResponse({"ok": True})


def trips(request, vehicle_id: int):
    with connection.cursor() as cur:
        cur.execute(
            "SELECT id, started_at, distance_km FROM trips WHERE vehicle_id = %s ORDER BY started_at DESC LIMIT 50",
            [vehicle_id],
        )
        rows = cur.fetchall()
    return JsonResponse({"trips": [{"id": r[0], "started_at": r[1].isoformat(), "km": float(r[2])} for r in rows]})


def fleet_health_report(request):
    fleet_id = int(request.GET["fleet"])
    days = int(request.GET.get("days", "30"))
    digest = fleet_digest(fleet_id, days)
    log.info("generating fleet report fleet=%s vehicles_chars=%s", fleet_id, len(digest))
    report = write_report(digest)
    return JsonResponse({"fleet": fleet_id, "days": days, "report": report})
