#!/bin/sh
# nightly at 02:30 Europe/Amsterdam
gcloud scheduler jobs create http itinerary-digest-nightly \
  --location europe-west4 --schedule "30 2 * * *" --time-zone "Europe/Amsterdam" \
  --uri "https://run.googleapis.com/v2/projects/velmora-trips-prod/locations/europe-west4/jobs/itinerary-digest:run" \
  --http-method POST --oauth-service-account-email scheduler@velmora-trips-prod.iam.gserviceaccount.com
