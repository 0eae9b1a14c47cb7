import asyncio
import json
import logging
import os
import time

from . import loop as loopmod
from . import mqtt_in, storage
from .rules import reload_rules

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s")
log = logging.getLogger("gateway")

HEARTBEAT = os.environ.get("HEARTBEAT_FILE", "/var/run/edge-gw/heartbeat.json")
PERIOD = 15
RULES_REFRESH_S = int(os.environ.get("RULES_REFRESH_S", "21600"))


async def heartbeat() -> None:
    while True:
        with open(HEARTBEAT, "w") as fh:
            json.dump({"ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "period": PERIOD}, fh)
        await asyncio.sleep(PERIOD)


async def refresh_rules() -> None:
    while True:
        await asyncio.sleep(RULES_REFRESH_S)
        n = reload_rules()
        log.info("alert rules reloaded: %d", n)


async def main() -> None:
    loopmod.install(asyncio.get_running_loop())
    await storage.connect(os.environ["GATEWAY_DB"])
    n = await asyncio.to_thread(reload_rules)
    log.info("alert rules loaded: %d", n)
    mqtt_in.start(os.environ.get("MQTT_HOST", "127.0.0.1"))
    await asyncio.gather(heartbeat(), refresh_rules())


if __name__ == "__main__":
    asyncio.run(main())
