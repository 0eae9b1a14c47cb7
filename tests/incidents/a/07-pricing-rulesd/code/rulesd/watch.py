import asyncio
import logging
from pathlib import Path

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

log = logging.getLogger("rulesd.watch")


class RulesFileHandler(FileSystemEventHandler):
    def __init__(self, daemon, path: Path):
        self.daemon = daemon
        self.path = path

    def on_modified(self, event):
        if Path(event.src_path) != self.path:
            return
        log.info("rules file changed: %s", event.src_path)
        with self.daemon.rules_lock:
            fut = asyncio.run_coroutine_threadsafe(self.daemon.reload(), self.daemon.loop)
            fut.result()
        log.info("rules reloaded")


def start_watch(daemon, path: Path) -> Observer:
    observer = Observer()
    observer.schedule(RulesFileHandler(daemon, path), str(path.parent), recursive=False)
    observer.daemon = True
    observer.start()
    return observer
