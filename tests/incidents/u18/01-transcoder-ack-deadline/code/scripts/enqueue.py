"""Publish a transcode request by hand (used for re-runs from the support console)."""
import argparse
import json

from google.cloud import pubsub_v1


def main():
    p = argparse.ArgumentParser()
    p.add_argument("video_id")
    p.add_argument("source_uri")
    p.add_argument("--project", default="clipwise-prod")
    p.add_argument("--topic", default="transcode-requests")
    p.add_argument("--profiles", default="1080p,720p,480p")
    a = p.parse_args()
    pub = pubsub_v1.PublisherClient()
    body = {"video_id": a.video_id, "source_uri": a.source_uri, "profiles": a.profiles.split(",")}
    fut = pub.publish(pub.topic_path(a.project, a.topic), json.dumps(body).encode(), origin="support-console")
    print(fut.result())


if __name__ == "__main__":
    main()
