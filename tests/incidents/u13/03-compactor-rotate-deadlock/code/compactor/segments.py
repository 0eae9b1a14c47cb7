"""Append-only segment files of newline-delimited readings, rotated by size."""

import gzip
import logging
import os
import threading
import time

log = logging.getLogger("compactor.segments")


class SegmentWriter:
    def __init__(self, out_dir: str, max_bytes: int) -> None:
        self.out_dir = out_dir
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._seq = self._next_seq()
        self._buf: list[bytes] = []
        self._bytes = 0

    def _next_seq(self) -> int:
        os.makedirs(self.out_dir, exist_ok=True)
        seqs = [int(n[4:10]) for n in os.listdir(self.out_dir) if n.startswith("seg-") and n.endswith(".ndjson.gz")]
        return max(seqs, default=0) + 1

    def append(self, lines: list[bytes]) -> int:
        with self._lock:
            self._buf.extend(lines)
            self._bytes += sum(len(x) for x in lines)
            if self._bytes >= self.max_bytes:
                self.rotate()
            return len(lines)

    def rotate(self) -> str | None:
        """Flush the buffered readings to a new gzip segment.

        Also called from the shutdown path and the SIGHUP handler, so it
        takes the writer lock itself.
        """
        with self._lock:
            if not self._buf:
                return None
            name = f"seg-{self._seq:06d}.ndjson.gz"
            path = os.path.join(self.out_dir, name)
            started = time.monotonic()
            log.info("rotating segment %s (%.1f MiB, %d readings)", name, self._bytes / 2**20, len(self._buf))
            tmp = path + ".part"
            with gzip.open(tmp, "wb", compresslevel=5) as f:
                f.writelines(self._buf)
            os.replace(tmp, path)
            log.info("segment %s written in %.2fs", name, time.monotonic() - started)
            self._seq += 1
            self._buf.clear()
            self._bytes = 0
            return path

    def close(self) -> None:
        self.rotate()
