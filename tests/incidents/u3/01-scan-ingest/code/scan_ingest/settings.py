import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    project_id: str
    subscription_id: str
    store_backend: str = "firestore"
    firestore_collection: str = "shipment_timelines"
    max_messages: int = 200
    report_every: int = 250

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            project_id=os.environ.get("GOOGLE_CLOUD_PROJECT", "tidewater-logistics"),
            subscription_id=os.environ["SCAN_SUBSCRIPTION"],
            store_backend=os.environ.get("SCAN_STORE", "firestore"),
            firestore_collection=os.environ.get("SCAN_COLLECTION", "shipment_timelines"),
            max_messages=int(os.environ.get("SCAN_MAX_OUTSTANDING", "200")),
            report_every=int(os.environ.get("SCAN_REPORT_EVERY", "250")),
        )
