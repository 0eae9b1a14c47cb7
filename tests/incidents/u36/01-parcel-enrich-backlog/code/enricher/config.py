import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    project: str
    subscription: str
    output_topic: str
    max_in_flight: int
    geocoder_url: str
    geocoder_api_key: str
    zones_url: str
    health_port: int

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            project=os.environ["GOOGLE_CLOUD_PROJECT"],
            subscription=os.environ.get("SUBSCRIPTION", "address-enricher-sub"),
            output_topic=os.environ.get("OUTPUT_TOPIC", "parcel-enriched"),
            max_in_flight=int(os.environ.get("MAX_IN_FLIGHT", "10")),
            geocoder_url=os.environ["GEOCODER_URL"].rstrip("/"),
            geocoder_api_key=os.environ.get("GEOCODER_API_KEY", ""),
            zones_url=os.environ.get("ZONES_URL", "http://zones.routing.svc.cluster.local").rstrip("/"),
            health_port=int(os.environ.get("HEALTH_PORT", "8080")),
        )
