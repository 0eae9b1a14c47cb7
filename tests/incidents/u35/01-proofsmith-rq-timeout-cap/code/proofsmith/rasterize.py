"""Thin wrapper over Ghostscript: one page at a time so progress is visible and memory stays flat."""
from __future__ import annotations

import logging
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)


class RasterError(RuntimeError):
    pass


class Rasterizer:
    def __init__(self, gs_binary: str, dpi: int):
        self.gs = gs_binary
        self.dpi = dpi

    def page(self, pdf: Path, number: int, out: Path) -> Path:
        target = out / f"p{number:04d}.png"
        cmd = [
            self.gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE",
            "-sDEVICE=png16m", f"-r{self.dpi}",
            f"-dFirstPage={number}", f"-dLastPage={number}",
            f"-sOutputFile={target}", str(pdf),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RasterError(f"gs failed on page {number}: {proc.stderr.strip()[:300]}")
        return target
