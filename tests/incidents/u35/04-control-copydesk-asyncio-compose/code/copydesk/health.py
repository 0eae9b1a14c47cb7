"""Container healthcheck: `python -m copydesk.health HEARTBEAT_FILE MAX_AGE_SECONDS`."""
import datetime as dt
import json
import sys


def main(argv: list[str]) -> int:
    path, max_age = argv[1], float(argv[2])
    try:
        doc = json.load(open(path))
        ts = dt.datetime.fromisoformat(doc["updated_at"].replace("Z", "+00:00"))
    except (OSError, ValueError, KeyError) as exc:
        print(f"unhealthy: {exc}")
        return 1
    age = (dt.datetime.now(dt.timezone.utc) - ts).total_seconds()
    if age > max_age:
        print(f"unhealthy: heartbeat {age:.0f}s old")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
