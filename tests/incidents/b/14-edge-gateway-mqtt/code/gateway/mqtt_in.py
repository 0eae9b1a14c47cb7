import json
import logging
import os

import paho.mqtt.client as mqtt

from . import storage
from .loop import run_sync
from .rules import breached

log = logging.getLogger("gateway.mqtt")
FORWARD_TIMEOUT = float(os.environ.get("FORWARD_TIMEOUT", "5"))


def on_connect(client, userdata, flags, reason_code, properties):
    log.info("connected to broker rc=%s", reason_code)
    client.subscribe("plant/+/telemetry", qos=1)


def on_message(client, userdata, msg):
    device_id = msg.topic.split("/")[1]
    body = json.loads(msg.payload)
    log.info("rx %s %s=%s", device_id, body["metric"], body["value"])
    try:
        run_sync(storage.save_reading(device_id, body["metric"], body["value"], body["ts"]), timeout=FORWARD_TIMEOUT)
    except Exception as exc:
        log.warning("store failed for %s: %r", device_id, exc)
    if breached(device_id, body["metric"], body["value"]):
        client.publish(f"plant/{device_id}/alarm", json.dumps(body), qos=1)


def start(host: str, port: int = 1883) -> mqtt.Client:
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="edge-gw-hall3")
    client.on_connect = on_connect
    client.on_message = on_message
    client.connect(host, port, keepalive=30)
    client.loop_start()
    return client
