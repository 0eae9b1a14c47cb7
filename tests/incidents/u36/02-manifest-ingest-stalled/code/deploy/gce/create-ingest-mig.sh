#!/bin/bash
# One-off: (re)create the spot instance template and MIG for the ingest workers.
set -euo pipefail
PROJECT=tidewater-prod
ZONE=europe-west4-b
REF=${1:?app git ref}

gcloud compute instance-templates create "ingest-spot-${REF:0:7}" \
  --project "$PROJECT" \
  --machine-type e2-standard-4 \
  --provisioning-model SPOT \
  --instance-termination-action DELETE \
  --image-family tidewater-worker --image-project "$PROJECT" \
  --network-interface subnet=workers,no-address \
  --service-account ingest-worker@${PROJECT}.iam.gserviceaccount.com \
  --scopes cloud-platform \
  --metadata app-ref="$REF" \
  --metadata-from-file startup-script=deploy/gce/startup.sh

gcloud compute instance-groups managed rolling-action start-update ingest-spot \
  --project "$PROJECT" --zone "$ZONE" \
  --version template="ingest-spot-${REF:0:7}" --max-unavailable 1
