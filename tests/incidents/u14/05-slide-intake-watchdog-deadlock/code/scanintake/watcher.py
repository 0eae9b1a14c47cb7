import asyncio
import logging
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .pipeline import Pipeline

log = logging.getLogger("scanintake.watcher")


class InboxHandler(FileSystemEventHandler):
    """Runs on watchdog's observer thread; hands files to the asyncio pipeline."""

    def __init__(self, pipeline: Pipeline, loop: asyncio.AbstractEventLoop) -> None:
        self.pipeline = pipeline
        self.loop = loop

    def _hand_over(self, path: str) -> None:
        fut = asyncio.run_coroutine_threadsafe(self.pipeline.submit(Path(path)), self.loop)
        fut.result()  # keep ordering: tile N is queued before tile N+1

    def on_closed(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self._hand_over(event.src_path)

    def on_moved(self, event: FileSystemEvent) -> None:
        # scanners upload as .part and rename when complete
        if not event.is_directory:
            self._hand_over(event.dest_path)


def start(inbox: Path, pipeline: Pipeline, loop: asyncio.AbstractEventLoop) -> Observer:
    observer = Observer()
    observer.schedule(InboxHandler(pipeline, loop), str(inbox), recursive=False)
    observer.start()
    log.info("watching %s", inbox)
    return observer
