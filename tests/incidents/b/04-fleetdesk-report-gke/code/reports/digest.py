from django.db import connection


def fleet_digest(fleet_id: int, days: int = 30) -> str:
    with connection.cursor() as cur:
        cur.execute(
            """
            SELECT v.plate, v.model, count(t.id), avg(t.engine_temp_max), sum(t.dtc_count)
            FROM vehicles v LEFT JOIN trips t ON t.vehicle_id = v.id AND t.started_at > now() - %s * interval '1 day'
            WHERE v.fleet_id = %s GROUP BY v.plate, v.model ORDER BY v.plate
            """,
            [days, fleet_id],
        )
        rows = cur.fetchall()
    lines = [f"{plate} ({model}): trips={n} max_engine_temp={temp or 0:.0f}C dtc={dtc or 0}" for plate, model, n, temp, dtc in rows]
    return f"Fleet {fleet_id}, last {days} days, {len(rows)} vehicles\n" + "\n".join(lines)
