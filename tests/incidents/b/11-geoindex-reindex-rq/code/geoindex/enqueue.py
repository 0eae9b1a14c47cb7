import os
import sys

from redis import Redis
from rq import Queue

from .jobs import reindex_region
from .regions import BBOXES


def main(argv: list[str]) -> None:
    q = Queue("reindex", connection=Redis.from_url(os.environ["REDIS_URL"]))
    for region in argv or sorted(BBOXES):
        job = q.enqueue(reindex_region, region)
        print(f"enqueued {region}: {job.id}")


if __name__ == "__main__":
    main(sys.argv[1:])
