"""Operator script: queue a re-render of regions after a source refresh."""
import json
import sys

from google.cloud import pubsub_v1

TOPIC = "projects/mapforge-prod/topics/tile-render-requests"


def main(regions):
    pub = pubsub_v1.PublisherClient()
    for region in regions:
        for zmin, zmax in ((0, 9), (10, 12), (13, 14)):
            data = json.dumps({"region": region, "zmin": zmin, "zmax": zmax}).encode()
            print(region, zmin, zmax, pub.publish(TOPIC, data).result())


if __name__ == "__main__":
    main(sys.argv[1:])
