#!/bin/sh
set -e

echo "feed-ingest worker starting on $(hostname) (queues: ${RQ_QUEUES:-feeds default})"
rq worker --url "$REDIS_URL" --with-scheduler ${RQ_QUEUES:-feeds default}
