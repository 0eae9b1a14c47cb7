#!/usr/bin/env bash
# Build and roll the contract-digest job. Environment (LLM_MODEL, DOCS_URI, secrets) is managed
# on the job itself and is left untouched by this script.
set -euo pipefail
REGION=europe-west2
IMAGE="europe-west2-docker.pkg.dev/harbourline-ai/batch/contract-digest:$(git rev-parse --short HEAD)"
gcloud builds submit --tag "$IMAGE" .
gcloud run jobs update contract-digest --region "$REGION" --image "$IMAGE"
