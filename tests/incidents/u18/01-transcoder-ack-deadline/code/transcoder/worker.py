import json
import logging
import signal
import sys

from google.api_core import exceptions as gexc
from google.cloud import pubsub_v1

from . import __version__, config
from .transcode import transcode

log = logging.getLogger("transcoder.worker")

_stopping = False


def _stop(signum, frame):
    global _stopping
    log.info("received signal %s, finishing current batch", signum)
    _stopping = True


def handle(message, settings):
    body = json.loads(message.data.decode("utf-8"))
    video_id = body["video_id"]
    source = body["source_uri"]
    profiles = body.get("profiles") or list(settings.profiles)
    log.info("transcoding video_id=%s message_id=%s source=%s profiles=%s",
             video_id, message.message_id, source, ",".join(profiles))
    result = transcode(source, video_id, profiles, settings)
    log.info("finished video_id=%s message_id=%s in %.1fs", video_id, message.message_id, result["seconds"])
    return result


def run(settings=None):
    settings = settings or config.load()
    subscriber = pubsub_v1.SubscriberClient()
    sub_path = subscriber.subscription_path(settings.project, settings.subscription)
    log.info("transcoder %s pulling from %s (batch=%d)", __version__, sub_path, settings.batch_size)

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)

    with subscriber:
        while not _stopping:
            try:
                response = subscriber.pull(
                    request={"subscription": sub_path, "max_messages": settings.batch_size},
                    timeout=settings.pull_timeout,
                )
            except gexc.DeadlineExceeded:
                continue
            except gexc.ServiceUnavailable as exc:
                log.warning("pull failed: %s; retrying", exc)
                continue

            if not response.received_messages:
                continue

            log.info("pulled %d message(s)", len(response.received_messages))
            done = []
            for received in response.received_messages:
                try:
                    handle(received.message, settings)
                except Exception:
                    log.exception("transcode failed for message_id=%s", received.message.message_id)
                    continue
                done.append(received.ack_id)

            if done:
                subscriber.acknowledge(request={"subscription": sub_path, "ack_ids": done})
                log.info("acked %d message(s)", len(done))

    log.info("worker stopped")


def main():
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stdout,
        format="%(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("google").setLevel(logging.WARNING)
    run()


if __name__ == "__main__":
    main()
