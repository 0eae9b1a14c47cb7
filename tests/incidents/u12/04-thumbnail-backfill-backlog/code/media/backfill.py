"""One-off: enqueue thumbnails for every asset uploaded before the new sizes existed."""

import argparse

from redis import Redis
from rq import Queue

from . import settings
from .tasks import make_thumbnails


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("manifest", help="text file: asset_id<TAB>source_key per line")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    q = Queue("thumbnails", connection=Redis.from_url(settings.REDIS_URL))
    n = 0
    with open(args.manifest) as f:
        for line in f:
            asset_id, key = line.rstrip("\n").split("\t")
            q.enqueue(make_thumbnails, asset_id, key, job_timeout=300, result_ttl=3600)
            n += 1
            if args.limit and n >= args.limit:
                break
    print(f"enqueued {n} jobs")


if __name__ == "__main__":
    main()
