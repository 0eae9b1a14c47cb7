import json
import logging
import os
import time

import boto3
import redis

from .render import renditions
from .status import write_status

logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(process)d] %(levelname)s %(message)s")
log = logging.getLogger("thumbd")

QUEUE = os.environ.get("THUMBD_QUEUE", "thumbs:pending")
BUCKET = os.environ.get("THUMBD_BUCKET", "pixelcrate-media")


def main() -> None:
    r = redis.Redis.from_url(os.environ["REDIS_URL"])
    s3 = boto3.client("s3", endpoint_url=os.environ.get("S3_ENDPOINT"))
    done = 0
    write_status(state="idle", done=done)
    log.info("thumbd ready, queue=%s", QUEUE)
    last_beat = time.monotonic()
    while True:
        item = r.brpop(QUEUE, timeout=30)
        if item is not None:
            job = json.loads(item[1])
            obj = s3.get_object(Bucket=BUCKET, Key=job["key"])
            data = obj["Body"].read()
            for name, blob in renditions(data).items():
                s3.put_object(Bucket=BUCKET, Key=f"thumbs/{name}/{job['key']}", Body=blob, ContentType="image/jpeg")
            done += 1
            log.info("rendered %s (%d bytes)", job["key"], len(data))
        if time.monotonic() - last_beat >= 30 or item is None:
            write_status(state="running", done=done, queue=QUEUE)
            last_beat = time.monotonic()


if __name__ == "__main__":
    main()
