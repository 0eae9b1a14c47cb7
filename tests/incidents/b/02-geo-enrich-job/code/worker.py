#!/usr/bin/env python3
"""geo-enrich: reverse-geocodes uploaded activity points.

Deployed as Cloud Run job `geo-enrich`, started hourly by Cloud Scheduler.
"""
import json
import logging
import os
import sys
import time

from google.cloud import pubsub_v1

from enrich import geocode, sink

PROJECT = os.environ.get("GOOGLE_CLOUD_PROJECT", "trailmark-data")
SUBSCRIPTION = os.environ.get("SUBSCRIPTION", "activity-points-enrich")

logging.basicConfig(stream=sys.stdout, level=logging.INFO,
                    format="[%(asctime)s] %(levelname)s %(message)s")
log = logging.getLogger("geo-enrich")


def callback(message):
    point = json.loads(message.data.decode("utf-8"))
    try:
        place = geocode.reverse(point["lat"], point["lon"])
    except Exception as exc:  # geocoder hiccups: let Pub/Sub redeliver
        log.warning("geocode failed for %s: %s", point.get("activity_id"), exc)
        message.nack()
        return
    sink.write_rows([{**point, **place}])
    message.ack()


def main():
    subscriber = pubsub_v1.SubscriberClient()
    path = subscriber.subscription_path(PROJECT, SUBSCRIPTION)
    subscriber.subscribe(path, callback)
    log.info("geo-enrich subscribed to %s", path)
    while True:
        time.sleep(60)


if __name__ == "__main__":
    main()
