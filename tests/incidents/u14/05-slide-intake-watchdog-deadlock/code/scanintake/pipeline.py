import asyncio
import json
import logging
import shutil
from pathlib import Path

from . import heartbeat
from .config import Config
from .naming import classify

log = logging.getLogger("scanintake.pipeline")


class Pipeline:
    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self.queue: asyncio.Queue[Path] = asyncio.Queue(maxsize=cfg.queue_size)
        self.manifests: dict[str, asyncio.Future[dict]] = {}
        self.processed = 0
        self.ticker = heartbeat.Ticker(cfg.heartbeat_every_s)

    def _manifest_future(self, slide: str) -> asyncio.Future[dict]:
        fut = self.manifests.get(slide)
        if fut is None:
            fut = asyncio.get_running_loop().create_future()
            self.manifests[slide] = fut
        return fut

    async def submit(self, path: Path) -> None:
        """Called for every new file the watcher sees."""
        kind = classify(path)
        if kind is None:
            log.debug("ignoring %s", path.name)
            return
        what, slide = kind
        if what == "manifest":
            manifest = json.loads(path.read_text())
            fut = self._manifest_future(slide)
            if not fut.done():
                fut.set_result(manifest)
            log.info("manifest for %s: %d tiles, scanner %s", slide, manifest["tiles"], manifest.get("scanner", "?"))
            return
        await self.queue.put(path)

    async def run(self) -> None:
        while True:
            self._beat()
            try:
                path = await asyncio.wait_for(self.queue.get(), timeout=self.cfg.heartbeat_every_s)
            except TimeoutError:
                continue
            _, slide = classify(path)
            # Tiles are only archived once the scanner has finished the slide.
            manifest = await self._manifest_future(slide)
            await asyncio.to_thread(self._archive, path, slide, manifest)
            self.processed += 1
            self.queue.task_done()

    def _archive(self, path: Path, slide: str, manifest: dict) -> None:
        dest = self.cfg.archive / manifest.get("case", "unassigned") / slide
        dest.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), dest / path.name)
        log.info("archived %s -> %s", path.name, dest)

    def _beat(self) -> None:
        if self.ticker.due():
            heartbeat.write(self.cfg.heartbeat_file, processed=self.processed, queued=self.queue.qsize(), waiting_manifests=sum(1 for f in self.manifests.values() if not f.done()))
