"""Manuscript storage and the prompt context window around a chapter."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Chapter:
    number: int
    title: str
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Manuscript:
    book_id: str
    title: str
    style_sheet: str
    chapters: tuple[Chapter, ...]

    def chapter(self, number: int) -> Chapter:
        for ch in self.chapters:
            if ch.number == number:
                return ch
        raise LookupError(f"{self.book_id}: no chapter {number}")


class ManuscriptStore:
    """Reads <root>/<book_id>/manifest.json and one .txt per chapter."""

    def __init__(self, root: str):
        self.root = root

    @lru_cache(maxsize=8)
    def load(self, book_id: str) -> Manuscript:
        base = os.path.join(self.root, book_id)
        with open(os.path.join(base, "manifest.json"), encoding="utf-8") as fh:
            manifest = json.load(fh)
        chapters = []
        for entry in manifest["chapters"]:
            with open(os.path.join(base, entry["file"]), encoding="utf-8") as fh:
                chapters.append(Chapter(entry["number"], entry["title"], fh.read()))
        return Manuscript(book_id, manifest["title"], manifest.get("style_sheet", ""), tuple(chapters))


class ContextWindow:
    """Chapters that travel with the target chapter so the model keeps names consistent."""

    def __init__(self, manuscript: Manuscript, neighbours: int):
        self.manuscript = manuscript
        self.neighbours = neighbours

    def around(self, number: int) -> list[Chapter]:
        chapters = list(self.manuscript.chapters)
        idx = next(i for i, ch in enumerate(chapters) if ch.number == number)
        if self.neighbours < 0:
            lo, hi = 0, len(chapters)
        else:
            lo, hi = max(0, idx - self.neighbours), idx + self.neighbours + 1
        return [ch for ch in chapters[lo:hi] if ch.number != number]

    def render(self, number: int) -> str:
        parts = []
        for ch in self.around(number):
            parts.append(f"<chapter number=\"{ch.number}\" title=\"{ch.title}\">\n{ch.text}\n</chapter>")
        return "\n".join(parts)
