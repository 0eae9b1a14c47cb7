import json
import logging
import time

from google.cloud import pubsub_v1

from enricher.geocoder import GeocodeError, GeoNorthClient
from enricher.zones import ZoneClient

log = logging.getLogger(__name__)


class EnrichHandler:
    def __init__(self, geocoder: GeoNorthClient, zones: ZoneClient, publisher: pubsub_v1.PublisherClient, topic_path: str):
        self.geocoder = geocoder
        self.zones = zones
        self.publisher = publisher
        self.topic_path = topic_path

    def __call__(self, message: pubsub_v1.subscriber.message.Message) -> None:
        started = time.monotonic()
        try:
            event = json.loads(message.data)
            parcel_id = event["parcel_id"]
        except (ValueError, KeyError):
            log.error("dropping malformed message", extra={"message_id": message.message_id})
            message.ack()
            return

        try:
            point = self.geocoder.geocode(event["delivery_address"])
        except GeocodeError as exc:
            log.warning("geocode failed, publishing without point", extra={"parcel_id": parcel_id, "error": str(exc)})
            point = None
        except Exception:
            log.exception("geocoder error, will retry", extra={"parcel_id": parcel_id})
            message.nack()
            return

        zone = None
        if point is not None:
            try:
                zone = self.zones.zone_for(point.lat, point.lng)
            except Exception:
                log.exception("zone lookup failed, will retry", extra={"parcel_id": parcel_id})
                message.nack()
                return

        enriched = {
            **event,
            "geo": None if point is None else {"lat": point.lat, "lng": point.lng, "precision": point.precision},
            "zone_id": zone,
        }
        future = self.publisher.publish(
            self.topic_path, json.dumps(enriched).encode(), parcel_id=parcel_id, depot=event.get("depot", "")
        )
        future.result(timeout=30)
        message.ack()
        log.info(
            "enriched parcel",
            extra={
                "parcel_id": parcel_id,
                "zone_id": zone,
                "delivery_attempt": message.delivery_attempt,
                "elapsed_ms": int((time.monotonic() - started) * 1000),
            },
        )
