import json


class BadReading(ValueError):
    pass


def decode(data: bytes, attributes: dict) -> dict:
    try:
        body = json.loads(data)
    except json.JSONDecodeError as exc:
        raise BadReading(str(exc)) from exc
    if "meter_id" not in body or "kwh" not in body:
        raise BadReading("missing meter_id/kwh")
    return {
        "meter_id": body["meter_id"],
        "kwh": float(body["kwh"]),
        "read_at": body["read_at"],
        "firmware": attributes.get("firmware", "unknown"),
        "region": attributes.get("region", ""),
    }
