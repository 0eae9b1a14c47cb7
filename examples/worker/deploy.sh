#!/bin/sh
# Deploy the reference worker. Set PROJECT, REGION, and SUB or REDIS_URL first.
set -eu
IMAGE="$REGION-docker.pkg.dev/$PROJECT/workers/opsdoc-worker:latest"
gcloud builds submit --tag "$IMAGE" .

# 1. Cloud Run Job (run to completion): drains, exits 0 on an empty subscription,
#    non-zero when a job failed. --max-runtime stays below --task-timeout.
gcloud run jobs deploy opsdoc-drain \
  --image "$IMAGE" --region "$REGION" \
  --task-timeout 900s --max-retries 1 \
  --args=--backend,pubsub,--mode,drain,--subscription,"projects/$PROJECT/subscriptions/$SUB",--pull-timeout,10,--max-runtime,840
gcloud run jobs execute opsdoc-drain --region "$REGION" --wait

# 2. Cloud Run service (long-running): serve mode, /healthz on $PORT answered from the
#    loop's heartbeat, CPU always allocated (work happens outside requests).
gcloud run deploy opsdoc-serve \
  --image "$IMAGE" --region "$REGION" \
  --no-cpu-throttling --min-instances 1 --no-allow-unauthenticated \
  --set-env-vars "REDIS_URL=$REDIS_URL" \
  --args=--backend,rq,--mode,serve,--queue,default \
  --liveness-probe httpGet.path=/healthz,periodSeconds=30,failureThreshold=3
